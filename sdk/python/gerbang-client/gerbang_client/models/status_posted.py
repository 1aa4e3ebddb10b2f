from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StatusPosted")


@_attrs_define
class StatusPosted:
    """
    Attributes:
        device_id (str):
        message_id (str):  Example: 3EB0A1B2C3D4E5F6A7B8C9D0.
        recipients (int): How many people it was addressed to.
        simulated (bool): True when the device runs on the simulator: nothing reached WhatsApp.
    """

    device_id: str
    message_id: str
    recipients: int
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        message_id = self.message_id

        recipients = self.recipients

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "messageId": message_id,
                "recipients": recipients,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_id = d.pop("deviceId")

        message_id = d.pop("messageId")

        recipients = d.pop("recipients")

        simulated = d.pop("simulated")

        status_posted = cls(
            device_id=device_id,
            message_id=message_id,
            recipients=recipients,
            simulated=simulated,
        )

        status_posted.additional_properties = d
        return status_posted

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
