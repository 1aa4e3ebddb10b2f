from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ChatRead")


@_attrs_define
class ChatRead:
    """
    Attributes:
        chat_jid (str):
        marked (int): How many messages were unread.
        receipts_sent (bool): Whether read receipts went to WhatsApp (only while the device is connected).
    """

    chat_jid: str
    marked: int
    receipts_sent: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chat_jid = self.chat_jid

        marked = self.marked

        receipts_sent = self.receipts_sent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chatJid": chat_jid,
                "marked": marked,
                "receiptsSent": receipts_sent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        chat_jid = d.pop("chatJid")

        marked = d.pop("marked")

        receipts_sent = d.pop("receiptsSent")

        chat_read = cls(
            chat_jid=chat_jid,
            marked=marked,
            receipts_sent=receipts_sent,
        )

        chat_read.additional_properties = d
        return chat_read

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
