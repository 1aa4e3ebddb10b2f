from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallSettingsView")


@_attrs_define
class CallSettingsView:
    """
    Attributes:
        device_id (str):
        reject_calls (bool):
        reject_message (None | str | Unset):
    """

    device_id: str
    reject_calls: bool
    reject_message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        reject_calls = self.reject_calls

        reject_message: None | str | Unset
        if isinstance(self.reject_message, Unset):
            reject_message = UNSET
        else:
            reject_message = self.reject_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "rejectCalls": reject_calls,
            }
        )
        if reject_message is not UNSET:
            field_dict["rejectMessage"] = reject_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_id = d.pop("deviceId")

        reject_calls = d.pop("rejectCalls")

        def _parse_reject_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reject_message = _parse_reject_message(d.pop("rejectMessage", UNSET))

        call_settings_view = cls(
            device_id=device_id,
            reject_calls=reject_calls,
            reject_message=reject_message,
        )

        call_settings_view.additional_properties = d
        return call_settings_view

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
