from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.device_status import DeviceStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="DeviceStatusView")


@_attrs_define
class DeviceStatusView:
    """
    Attributes:
        connected (bool):
        device_id (str):
        status (DeviceStatus):
        last_disconnect_reason (None | str | Unset):
        last_seen (datetime.datetime | None | Unset):
        phone_number (None | str | Unset):
    """

    connected: bool
    device_id: str
    status: DeviceStatus
    last_disconnect_reason: None | str | Unset = UNSET
    last_seen: datetime.datetime | None | Unset = UNSET
    phone_number: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connected = self.connected

        device_id = self.device_id

        status = self.status.value

        last_disconnect_reason: None | str | Unset
        if isinstance(self.last_disconnect_reason, Unset):
            last_disconnect_reason = UNSET
        else:
            last_disconnect_reason = self.last_disconnect_reason

        last_seen: None | str | Unset
        if isinstance(self.last_seen, Unset):
            last_seen = UNSET
        elif isinstance(self.last_seen, datetime.datetime):
            last_seen = self.last_seen.isoformat()
        else:
            last_seen = self.last_seen

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connected": connected,
                "deviceId": device_id,
                "status": status,
            }
        )
        if last_disconnect_reason is not UNSET:
            field_dict["lastDisconnectReason"] = last_disconnect_reason
        if last_seen is not UNSET:
            field_dict["lastSeen"] = last_seen
        if phone_number is not UNSET:
            field_dict["phoneNumber"] = phone_number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        connected = d.pop("connected")

        device_id = d.pop("deviceId")

        status = DeviceStatus(d.pop("status"))

        def _parse_last_disconnect_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_disconnect_reason = _parse_last_disconnect_reason(d.pop("lastDisconnectReason", UNSET))

        def _parse_last_seen(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_type_0 = datetime.datetime.fromisoformat(data)

                return last_seen_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_seen = _parse_last_seen(d.pop("lastSeen", UNSET))

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phoneNumber", UNSET))

        device_status_view = cls(
            connected=connected,
            device_id=device_id,
            status=status,
            last_disconnect_reason=last_disconnect_reason,
            last_seen=last_seen,
            phone_number=phone_number,
        )

        device_status_view.additional_properties = d
        return device_status_view

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
