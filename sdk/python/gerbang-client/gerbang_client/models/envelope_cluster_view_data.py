from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cluster_node import ClusterNode


T = TypeVar("T", bound="EnvelopeClusterViewData")


@_attrs_define
class EnvelopeClusterViewData:
    """`GET /api/admin/cluster`.

    Attributes:
        enabled (bool): `false` on SQLite: one node, no leases.
        lease_ttl_secs (int):
        nodes (list[ClusterNode]):
        unassigned (list[str]): Devices that should run but whose lease nobody holds now (being taken over).
        node_id (None | str | Unset): The node that answered.
    """

    enabled: bool
    lease_ttl_secs: int
    nodes: list[ClusterNode]
    unassigned: list[str]
    node_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        lease_ttl_secs = self.lease_ttl_secs

        nodes = []
        for nodes_item_data in self.nodes:
            nodes_item = nodes_item_data.to_dict()
            nodes.append(nodes_item)

        unassigned = self.unassigned

        node_id: None | str | Unset
        if isinstance(self.node_id, Unset):
            node_id = UNSET
        else:
            node_id = self.node_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enabled": enabled,
                "leaseTtlSecs": lease_ttl_secs,
                "nodes": nodes,
                "unassigned": unassigned,
            }
        )
        if node_id is not UNSET:
            field_dict["nodeId"] = node_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cluster_node import ClusterNode  # noqa: PLC0415

        d = dict(src_dict)
        enabled = d.pop("enabled")

        lease_ttl_secs = d.pop("leaseTtlSecs")

        nodes = []
        _nodes = d.pop("nodes")
        for nodes_item_data in _nodes:
            nodes_item = ClusterNode.from_dict(nodes_item_data)

            nodes.append(nodes_item)

        unassigned = cast(list[str], d.pop("unassigned"))

        def _parse_node_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        node_id = _parse_node_id(d.pop("nodeId", UNSET))

        envelope_cluster_view_data = cls(
            enabled=enabled,
            lease_ttl_secs=lease_ttl_secs,
            nodes=nodes,
            unassigned=unassigned,
            node_id=node_id,
        )

        envelope_cluster_view_data.additional_properties = d
        return envelope_cluster_view_data

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
