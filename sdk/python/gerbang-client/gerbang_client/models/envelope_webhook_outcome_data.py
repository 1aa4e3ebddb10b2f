from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvelopeWebhookOutcomeData")


@_attrs_define
class EnvelopeWebhookOutcomeData:
    """
    Attributes:
        sent (list[str]): The WhatsApp ids of the messages sent (text first, then each attachment).
        ignored (None | str | Unset): Why nothing was sent, when nothing was.
    """

    sent: list[str]
    ignored: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sent = self.sent

        ignored: None | str | Unset
        if isinstance(self.ignored, Unset):
            ignored = UNSET
        else:
            ignored = self.ignored

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sent": sent,
            }
        )
        if ignored is not UNSET:
            field_dict["ignored"] = ignored

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sent = cast(list[str], d.pop("sent"))

        def _parse_ignored(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ignored = _parse_ignored(d.pop("ignored", UNSET))

        envelope_webhook_outcome_data = cls(
            sent=sent,
            ignored=ignored,
        )

        envelope_webhook_outcome_data.additional_properties = d
        return envelope_webhook_outcome_data

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
