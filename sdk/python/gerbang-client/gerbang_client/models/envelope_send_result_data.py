from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_status import MessageStatus

T = TypeVar("T", bound="EnvelopeSendResultData")


@_attrs_define
class EnvelopeSendResultData:
    """
    Attributes:
        chat_jid (str):
        message_id (str):
        simulated (bool): True when the device runs on the simulator: nothing reached WhatsApp.
        status (MessageStatus):
        timestamp (datetime.datetime):
    """

    chat_jid: str
    message_id: str
    simulated: bool
    status: MessageStatus
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chat_jid = self.chat_jid

        message_id = self.message_id

        simulated = self.simulated

        status = self.status.value

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chatJid": chat_jid,
                "messageId": message_id,
                "simulated": simulated,
                "status": status,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        chat_jid = d.pop("chatJid")

        message_id = d.pop("messageId")

        simulated = d.pop("simulated")

        status = MessageStatus(d.pop("status"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        envelope_send_result_data = cls(
            chat_jid=chat_jid,
            message_id=message_id,
            simulated=simulated,
            status=status,
            timestamp=timestamp,
        )

        envelope_send_result_data.additional_properties = d
        return envelope_send_result_data

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
