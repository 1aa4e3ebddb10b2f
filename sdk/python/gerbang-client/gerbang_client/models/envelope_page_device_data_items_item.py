from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.device_status import DeviceStatus
from ..models.engine_kind import EngineKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvelopePageDeviceDataItemsItem")


@_attrs_define
class EnvelopePageDeviceDataItemsItem:
    """A linked (or to-be-linked) WhatsApp account.

    Attributes:
        created_at (datetime.datetime):
        device_id (str): The public identifier used in every route.
        device_name (str):
        engine (EngineKind):
        id (int):
        simulated (bool): True when the device runs on the simulator: nothing it does reaches WhatsApp.
        status (DeviceStatus):
        updated_at (datetime.datetime):
        user_id (int):
        banned_until (datetime.datetime | None | Unset): For `banned`: when the ban ends, when WhatsApp says.
        last_disconnect_reason (None | str | Unset): Why the device last left `connected`, when known.
        last_seen (datetime.datetime | None | Unset):
        phone_number (None | str | Unset):
        push_name (None | str | Unset): The WhatsApp display name of the linked account.
    """

    created_at: datetime.datetime
    device_id: str
    device_name: str
    engine: EngineKind
    id: int
    simulated: bool
    status: DeviceStatus
    updated_at: datetime.datetime
    user_id: int
    banned_until: datetime.datetime | None | Unset = UNSET
    last_disconnect_reason: None | str | Unset = UNSET
    last_seen: datetime.datetime | None | Unset = UNSET
    phone_number: None | str | Unset = UNSET
    push_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        device_id = self.device_id

        device_name = self.device_name

        engine = self.engine.value

        id = self.id

        simulated = self.simulated

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        user_id = self.user_id

        banned_until: None | str | Unset
        if isinstance(self.banned_until, Unset):
            banned_until = UNSET
        elif isinstance(self.banned_until, datetime.datetime):
            banned_until = self.banned_until.isoformat()
        else:
            banned_until = self.banned_until

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

        push_name: None | str | Unset
        if isinstance(self.push_name, Unset):
            push_name = UNSET
        else:
            push_name = self.push_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "deviceId": device_id,
                "deviceName": device_name,
                "engine": engine,
                "id": id,
                "simulated": simulated,
                "status": status,
                "updatedAt": updated_at,
                "userId": user_id,
            }
        )
        if banned_until is not UNSET:
            field_dict["bannedUntil"] = banned_until
        if last_disconnect_reason is not UNSET:
            field_dict["lastDisconnectReason"] = last_disconnect_reason
        if last_seen is not UNSET:
            field_dict["lastSeen"] = last_seen
        if phone_number is not UNSET:
            field_dict["phoneNumber"] = phone_number
        if push_name is not UNSET:
            field_dict["pushName"] = push_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        device_id = d.pop("deviceId")

        device_name = d.pop("deviceName")

        engine = EngineKind(d.pop("engine"))

        id = d.pop("id")

        simulated = d.pop("simulated")

        status = DeviceStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        user_id = d.pop("userId")

        def _parse_banned_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                banned_until_type_0 = datetime.datetime.fromisoformat(data)

                return banned_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        banned_until = _parse_banned_until(d.pop("bannedUntil", UNSET))

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

        def _parse_push_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        push_name = _parse_push_name(d.pop("pushName", UNSET))

        envelope_page_device_data_items_item = cls(
            created_at=created_at,
            device_id=device_id,
            device_name=device_name,
            engine=engine,
            id=id,
            simulated=simulated,
            status=status,
            updated_at=updated_at,
            user_id=user_id,
            banned_until=banned_until,
            last_disconnect_reason=last_disconnect_reason,
            last_seen=last_seen,
            phone_number=phone_number,
            push_name=push_name,
        )

        envelope_page_device_data_items_item.additional_properties = d
        return envelope_page_device_data_items_item

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
