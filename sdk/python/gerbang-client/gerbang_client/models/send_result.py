from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_status import MessageStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="SendResult")


@_attrs_define
class SendResult:
    """
    Attributes:
        chat_jid (str):
        message_id (str):
        simulated (bool): True when the device runs on the simulator: nothing reached WhatsApp.
        status (MessageStatus):
        timestamp (datetime.datetime):
        recipient_lid (None | str | Unset): The recipient's `@lid` when the engine knows it (from a number check, a
            message from
            them, or a send to their LID); `null` otherwise and for groups. Example: 100081200000042@lid.
    """

    chat_jid: str
    message_id: str
    simulated: bool
    status: MessageStatus
    timestamp: datetime.datetime
    recipient_lid: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chat_jid = self.chat_jid

        message_id = self.message_id

        simulated = self.simulated

        status = self.status.value

        timestamp = self.timestamp.isoformat()

        recipient_lid: None | str | Unset
        if isinstance(self.recipient_lid, Unset):
            recipient_lid = UNSET
        else:
            recipient_lid = self.recipient_lid

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
        if recipient_lid is not UNSET:
            field_dict["recipientLid"] = recipient_lid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        chat_jid = d.pop("chatJid")

        message_id = d.pop("messageId")

        simulated = d.pop("simulated")

        status = MessageStatus(d.pop("status"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        def _parse_recipient_lid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recipient_lid = _parse_recipient_lid(d.pop("recipientLid", UNSET))

        send_result = cls(
            chat_jid=chat_jid,
            message_id=message_id,
            simulated=simulated,
            status=status,
            timestamp=timestamp,
            recipient_lid=recipient_lid,
        )

        send_result.additional_properties = d
        return send_result

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
