from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeviceContact")


@_attrs_define
class DeviceContact:
    """Someone the device's WhatsApp has exchanged messages with (directly or in a group).

    Attributes:
        jid (str):
        last_message_at (datetime.datetime):
        message_count (int):
        phone (None | str | Unset): Digits with the country code; absent for hidden numbers (`…@lid`).
        push_name (None | str | Unset): The WhatsApp display name they last sent with.
    """

    jid: str
    last_message_at: datetime.datetime
    message_count: int
    phone: None | str | Unset = UNSET
    push_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jid = self.jid

        last_message_at = self.last_message_at.isoformat()

        message_count = self.message_count

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        push_name: None | str | Unset
        if isinstance(self.push_name, Unset):
            push_name = UNSET
        else:
            push_name = self.push_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "jid": jid,
                "lastMessageAt": last_message_at,
                "messageCount": message_count,
            }
        )
        if phone is not UNSET:
            field_dict["phone"] = phone
        if push_name is not UNSET:
            field_dict["pushName"] = push_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        jid = d.pop("jid")

        last_message_at = datetime.datetime.fromisoformat(d.pop("lastMessageAt"))

        message_count = d.pop("messageCount")

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_push_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        push_name = _parse_push_name(d.pop("pushName", UNSET))

        device_contact = cls(
            jid=jid,
            last_message_at=last_message_at,
            message_count=message_count,
            phone=phone,
            push_name=push_name,
        )

        device_contact.additional_properties = d
        return device_contact

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
