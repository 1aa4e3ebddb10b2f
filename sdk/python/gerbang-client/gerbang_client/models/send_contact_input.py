from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SendContactInput")


@_attrs_define
class SendContactInput:
    """
    Attributes:
        contact_name (str): The name shown on the contact card.
        contact_phone (str): The number on the card.
        phone (str): Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
            (the names earlier gateways used).
    """

    contact_name: str
    contact_phone: str
    phone: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_name = self.contact_name

        contact_phone = self.contact_phone

        phone = self.phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contactName": contact_name,
                "contactPhone": contact_phone,
                "phone": phone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_name = d.pop("contactName")

        contact_phone = d.pop("contactPhone")

        phone = d.pop("phone")

        send_contact_input = cls(
            contact_name=contact_name,
            contact_phone=contact_phone,
            phone=phone,
        )

        send_contact_input.additional_properties = d
        return send_contact_input

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
