from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClusterLease")


@_attrs_define
class ClusterLease:
    """
    Attributes:
        age_secs (float): Seconds since this node took the device.
        device_id (str):
        epoch (int):
        expires_in_secs (float): Seconds until the lease runs out unless renewed.
    """

    age_secs: float
    device_id: str
    epoch: int
    expires_in_secs: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        age_secs = self.age_secs

        device_id = self.device_id

        epoch = self.epoch

        expires_in_secs = self.expires_in_secs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ageSecs": age_secs,
                "deviceId": device_id,
                "epoch": epoch,
                "expiresInSecs": expires_in_secs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        age_secs = d.pop("ageSecs")

        device_id = d.pop("deviceId")

        epoch = d.pop("epoch")

        expires_in_secs = d.pop("expiresInSecs")

        cluster_lease = cls(
            age_secs=age_secs,
            device_id=device_id,
            epoch=epoch,
            expires_in_secs=expires_in_secs,
        )

        cluster_lease.additional_properties = d
        return cluster_lease

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
