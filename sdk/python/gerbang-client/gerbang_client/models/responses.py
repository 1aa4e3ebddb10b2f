from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Responses")


@_attrs_define
class Responses:
    """
    Attributes:
        answered (int): Of those, the ones that got an answer.
        conversations (int): Direct chats where a contact wrote while no earlier message of theirs was unanswered.
        median_first_response_secs (float | None | Unset): Median seconds from the contact's first message to the first
            answer.
        response_rate (float | None | Unset): `answered / conversations`, 0 to 1; absent without conversations.
    """

    answered: int
    conversations: int
    median_first_response_secs: float | None | Unset = UNSET
    response_rate: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        answered = self.answered

        conversations = self.conversations

        median_first_response_secs: float | None | Unset
        if isinstance(self.median_first_response_secs, Unset):
            median_first_response_secs = UNSET
        else:
            median_first_response_secs = self.median_first_response_secs

        response_rate: float | None | Unset
        if isinstance(self.response_rate, Unset):
            response_rate = UNSET
        else:
            response_rate = self.response_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "answered": answered,
                "conversations": conversations,
            }
        )
        if median_first_response_secs is not UNSET:
            field_dict["medianFirstResponseSecs"] = median_first_response_secs
        if response_rate is not UNSET:
            field_dict["responseRate"] = response_rate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        answered = d.pop("answered")

        conversations = d.pop("conversations")

        def _parse_median_first_response_secs(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        median_first_response_secs = _parse_median_first_response_secs(d.pop("medianFirstResponseSecs", UNSET))

        def _parse_response_rate(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        response_rate = _parse_response_rate(d.pop("responseRate", UNSET))

        responses = cls(
            answered=answered,
            conversations=conversations,
            median_first_response_secs=median_first_response_secs,
            response_rate=response_rate,
        )

        responses.additional_properties = d
        return responses

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
