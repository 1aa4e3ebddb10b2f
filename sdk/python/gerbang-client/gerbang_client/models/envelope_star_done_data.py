from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EnvelopeStarDoneData")


@_attrs_define
class EnvelopeStarDoneData:
    """
    Attributes:
        chat_jid (str):
        device_id (str):
        message_id (str):
        simulated (bool):
        starred (bool):
    """

    chat_jid: str
    device_id: str
    message_id: str
    simulated: bool
    starred: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chat_jid = self.chat_jid

        device_id = self.device_id

        message_id = self.message_id

        simulated = self.simulated

        starred = self.starred

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chatJid": chat_jid,
                "deviceId": device_id,
                "messageId": message_id,
                "simulated": simulated,
                "starred": starred,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        chat_jid = d.pop("chatJid")

        device_id = d.pop("deviceId")

        message_id = d.pop("messageId")

        simulated = d.pop("simulated")

        starred = d.pop("starred")

        envelope_star_done_data = cls(
            chat_jid=chat_jid,
            device_id=device_id,
            message_id=message_id,
            simulated=simulated,
            starred=starred,
        )

        envelope_star_done_data.additional_properties = d
        return envelope_star_done_data

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
