from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.device_status import DeviceStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connection_entry import ConnectionEntry
    from ..models.queue_depth import QueueDepth


T = TypeVar("T", bound="EnvelopeDeviceHealthData")


@_attrs_define
class EnvelopeDeviceHealthData:
    """
    Attributes:
        device_id (str):
        last_errors (list[ConnectionEntry]): The latest disconnections with their reasons, newest first.
        queue (QueueDepth): Work waiting for a device.
        reconnects (int): Times the device (re)connected within the window.
        status (DeviceStatus):
        uptime_ratio (float): `uptime_secs` over the window's length, 0 to 1.
        uptime_secs (int): Seconds connected within the window.
        window_hours (int):
        connected_since (datetime.datetime | None | Unset): When the current connection began, while connected.
    """

    device_id: str
    last_errors: list[ConnectionEntry]
    queue: QueueDepth
    reconnects: int
    status: DeviceStatus
    uptime_ratio: float
    uptime_secs: int
    window_hours: int
    connected_since: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        last_errors = []
        for last_errors_item_data in self.last_errors:
            last_errors_item = last_errors_item_data.to_dict()
            last_errors.append(last_errors_item)

        queue = self.queue.to_dict()

        reconnects = self.reconnects

        status = self.status.value

        uptime_ratio = self.uptime_ratio

        uptime_secs = self.uptime_secs

        window_hours = self.window_hours

        connected_since: None | str | Unset
        if isinstance(self.connected_since, Unset):
            connected_since = UNSET
        elif isinstance(self.connected_since, datetime.datetime):
            connected_since = self.connected_since.isoformat()
        else:
            connected_since = self.connected_since

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "lastErrors": last_errors,
                "queue": queue,
                "reconnects": reconnects,
                "status": status,
                "uptimeRatio": uptime_ratio,
                "uptimeSecs": uptime_secs,
                "windowHours": window_hours,
            }
        )
        if connected_since is not UNSET:
            field_dict["connectedSince"] = connected_since

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connection_entry import ConnectionEntry  # noqa: PLC0415
        from ..models.queue_depth import QueueDepth  # noqa: PLC0415

        d = dict(src_dict)
        device_id = d.pop("deviceId")

        last_errors = []
        _last_errors = d.pop("lastErrors")
        for last_errors_item_data in _last_errors:
            last_errors_item = ConnectionEntry.from_dict(last_errors_item_data)

            last_errors.append(last_errors_item)

        queue = QueueDepth.from_dict(d.pop("queue"))

        reconnects = d.pop("reconnects")

        status = DeviceStatus(d.pop("status"))

        uptime_ratio = d.pop("uptimeRatio")

        uptime_secs = d.pop("uptimeSecs")

        window_hours = d.pop("windowHours")

        def _parse_connected_since(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                connected_since_type_0 = datetime.datetime.fromisoformat(data)

                return connected_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        connected_since = _parse_connected_since(d.pop("connectedSince", UNSET))

        envelope_device_health_data = cls(
            device_id=device_id,
            last_errors=last_errors,
            queue=queue,
            reconnects=reconnects,
            status=status,
            uptime_ratio=uptime_ratio,
            uptime_secs=uptime_secs,
            window_hours=window_hours,
            connected_since=connected_since,
        )

        envelope_device_health_data.additional_properties = d
        return envelope_device_health_data

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
