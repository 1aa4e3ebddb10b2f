from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.blocked_contact import BlockedContact


T = TypeVar("T", bound="Blocklist")


@_attrs_define
class Blocklist:
    """
    Attributes:
        blocked (list[BlockedContact]):
        device_id (str):
        simulated (bool):
    """

    blocked: list[BlockedContact]
    device_id: str
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        blocked = []
        for blocked_item_data in self.blocked:
            blocked_item = blocked_item_data.to_dict()
            blocked.append(blocked_item)

        device_id = self.device_id

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "blocked": blocked,
                "deviceId": device_id,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.blocked_contact import BlockedContact  # noqa: PLC0415

        d = dict(src_dict)
        blocked = []
        _blocked = d.pop("blocked")
        for blocked_item_data in _blocked:
            blocked_item = BlockedContact.from_dict(blocked_item_data)

            blocked.append(blocked_item)

        device_id = d.pop("deviceId")

        simulated = d.pop("simulated")

        blocklist = cls(
            blocked=blocked,
            device_id=device_id,
            simulated=simulated,
        )

        blocklist.additional_properties = d
        return blocklist

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
