from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ParticipantsInput")


@_attrs_define
class ParticipantsInput:
    """
    Attributes:
        participant (None | str | Unset): One member, for clients that name one.
        participants (list[str] | Unset): Phone numbers or JIDs (at most 1024); also accepted as `participant` (one) or
            `admins`.
    """

    participant: None | str | Unset = UNSET
    participants: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        participant: None | str | Unset
        if isinstance(self.participant, Unset):
            participant = UNSET
        else:
            participant = self.participant

        participants: list[str] | Unset = UNSET
        if not isinstance(self.participants, Unset):
            participants = self.participants

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if participant is not UNSET:
            field_dict["participant"] = participant
        if participants is not UNSET:
            field_dict["participants"] = participants

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_participant(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        participant = _parse_participant(d.pop("participant", UNSET))

        participants = cast(list[str], d.pop("participants", UNSET))

        participants_input = cls(
            participant=participant,
            participants=participants,
        )

        participants_input.additional_properties = d
        return participants_input

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
