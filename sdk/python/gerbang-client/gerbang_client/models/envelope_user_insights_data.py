from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_entry import AuditEntry
    from ..models.connection_entry import ConnectionEntry
    from ..models.device import Device
    from ..models.statistics import Statistics
    from ..models.user import User


T = TypeVar("T", bound="EnvelopeUserInsightsData")


@_attrs_define
class EnvelopeUserInsightsData:
    """
    Attributes:
        devices (list[Device]):
        recent_actions (list[AuditEntry]): The user's latest actions from the audit log.
        recent_connections (list[ConnectionEntry]): The latest connection changes of the user's devices.
        statistics (Statistics): Statistics of a device or of all of a user's devices over a period.
        user (User): An account as every layer sees it; the password hash never leaves the store except through
            [`crate::store::UserStore::password_hash`].
    """

    devices: list[Device]
    recent_actions: list[AuditEntry]
    recent_connections: list[ConnectionEntry]
    statistics: Statistics
    user: User
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        devices = []
        for devices_item_data in self.devices:
            devices_item = devices_item_data.to_dict()
            devices.append(devices_item)

        recent_actions = []
        for recent_actions_item_data in self.recent_actions:
            recent_actions_item = recent_actions_item_data.to_dict()
            recent_actions.append(recent_actions_item)

        recent_connections = []
        for recent_connections_item_data in self.recent_connections:
            recent_connections_item = recent_connections_item_data.to_dict()
            recent_connections.append(recent_connections_item)

        statistics = self.statistics.to_dict()

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "devices": devices,
                "recentActions": recent_actions,
                "recentConnections": recent_connections,
                "statistics": statistics,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry import AuditEntry  # noqa: PLC0415
        from ..models.connection_entry import ConnectionEntry  # noqa: PLC0415
        from ..models.device import Device  # noqa: PLC0415
        from ..models.statistics import Statistics  # noqa: PLC0415
        from ..models.user import User  # noqa: PLC0415

        d = dict(src_dict)
        devices = []
        _devices = d.pop("devices")
        for devices_item_data in _devices:
            devices_item = Device.from_dict(devices_item_data)

            devices.append(devices_item)

        recent_actions = []
        _recent_actions = d.pop("recentActions")
        for recent_actions_item_data in _recent_actions:
            recent_actions_item = AuditEntry.from_dict(recent_actions_item_data)

            recent_actions.append(recent_actions_item)

        recent_connections = []
        _recent_connections = d.pop("recentConnections")
        for recent_connections_item_data in _recent_connections:
            recent_connections_item = ConnectionEntry.from_dict(recent_connections_item_data)

            recent_connections.append(recent_connections_item)

        statistics = Statistics.from_dict(d.pop("statistics"))

        user = User.from_dict(d.pop("user"))

        envelope_user_insights_data = cls(
            devices=devices,
            recent_actions=recent_actions,
            recent_connections=recent_connections,
            statistics=statistics,
            user=user,
        )

        envelope_user_insights_data.additional_properties = d
        return envelope_user_insights_data

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
