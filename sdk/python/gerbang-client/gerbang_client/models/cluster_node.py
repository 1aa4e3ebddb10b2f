from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cluster_lease import ClusterLease


T = TypeVar("T", bound="ClusterNode")


@_attrs_define
class ClusterNode:
    """
    Attributes:
        address (str): Where the other nodes reach it.
        devices (list[ClusterLease]):
        heartbeat_age_secs (float): Seconds since its last heartbeat.
        heartbeat_at (datetime.datetime):
        node_id (str):
        started_at (datetime.datetime):
    """

    address: str
    devices: list[ClusterLease]
    heartbeat_age_secs: float
    heartbeat_at: datetime.datetime
    node_id: str
    started_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        devices = []
        for devices_item_data in self.devices:
            devices_item = devices_item_data.to_dict()
            devices.append(devices_item)

        heartbeat_age_secs = self.heartbeat_age_secs

        heartbeat_at = self.heartbeat_at.isoformat()

        node_id = self.node_id

        started_at = self.started_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "address": address,
                "devices": devices,
                "heartbeatAgeSecs": heartbeat_age_secs,
                "heartbeatAt": heartbeat_at,
                "nodeId": node_id,
                "startedAt": started_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cluster_lease import ClusterLease  # noqa: PLC0415

        d = dict(src_dict)
        address = d.pop("address")

        devices = []
        _devices = d.pop("devices")
        for devices_item_data in _devices:
            devices_item = ClusterLease.from_dict(devices_item_data)

            devices.append(devices_item)

        heartbeat_age_secs = d.pop("heartbeatAgeSecs")

        heartbeat_at = datetime.datetime.fromisoformat(d.pop("heartbeatAt"))

        node_id = d.pop("nodeId")

        started_at = datetime.datetime.fromisoformat(d.pop("startedAt"))

        cluster_node = cls(
            address=address,
            devices=devices,
            heartbeat_age_secs=heartbeat_age_secs,
            heartbeat_at=heartbeat_at,
            node_id=node_id,
            started_at=started_at,
        )

        cluster_node.additional_properties = d
        return cluster_node

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
