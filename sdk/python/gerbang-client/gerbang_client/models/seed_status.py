from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.device_status import DeviceStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.linked_user import LinkedUser


T = TypeVar("T", bound="SeedStatus")


@_attrs_define
class SeedStatus:
    """A device's connection, as seed 000/002 clients read it.

    Attributes:
        connected (bool):
        device_id (str):
        device_status (DeviceStatus):
        simulated (bool):
        status (str): `connected`, `connecting` or `disconnected` (seed 002's three states).
        timestamp (datetime.datetime):
        phone_number (None | str | Unset):
        user (LinkedUser | None | Unset):
    """

    connected: bool
    device_id: str
    device_status: DeviceStatus
    simulated: bool
    status: str
    timestamp: datetime.datetime
    phone_number: None | str | Unset = UNSET
    user: LinkedUser | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.linked_user import LinkedUser  # noqa: PLC0415

        connected = self.connected

        device_id = self.device_id

        device_status = self.device_status.value

        simulated = self.simulated

        status = self.status

        timestamp = self.timestamp.isoformat()

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

        user: dict[str, Any] | None | Unset
        if isinstance(self.user, Unset):
            user = UNSET
        elif isinstance(self.user, LinkedUser):
            user = self.user.to_dict()
        else:
            user = self.user

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connected": connected,
                "deviceId": device_id,
                "deviceStatus": device_status,
                "simulated": simulated,
                "status": status,
                "timestamp": timestamp,
            }
        )
        if phone_number is not UNSET:
            field_dict["phoneNumber"] = phone_number
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.linked_user import LinkedUser  # noqa: PLC0415

        d = dict(src_dict)
        connected = d.pop("connected")

        device_id = d.pop("deviceId")

        device_status = DeviceStatus(d.pop("deviceStatus"))

        simulated = d.pop("simulated")

        status = d.pop("status")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phoneNumber", UNSET))

        def _parse_user(data: object) -> LinkedUser | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                user_type_1 = LinkedUser.from_dict(data)

                return user_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LinkedUser | None | Unset, data)

        user = _parse_user(d.pop("user", UNSET))

        seed_status = cls(
            connected=connected,
            device_id=device_id,
            device_status=device_status,
            simulated=simulated,
            status=status,
            timestamp=timestamp,
            phone_number=phone_number,
            user=user,
        )

        seed_status.additional_properties = d
        return seed_status

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
