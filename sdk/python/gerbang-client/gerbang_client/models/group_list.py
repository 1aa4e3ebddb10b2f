from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cached_group import CachedGroup


T = TypeVar("T", bound="GroupList")


@_attrs_define
class GroupList:
    """
    Attributes:
        cached (bool): True when this list is the cache (the device is offline, or `refresh=false`), not a fresh
            answer from WhatsApp.
        groups (list[CachedGroup]):
        simulated (bool):
    """

    cached: bool
    groups: list[CachedGroup]
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cached = self.cached

        groups = []
        for groups_item_data in self.groups:
            groups_item = groups_item_data.to_dict()
            groups.append(groups_item)

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cached": cached,
                "groups": groups,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cached_group import CachedGroup  # noqa: PLC0415

        d = dict(src_dict)
        cached = d.pop("cached")

        groups = []
        _groups = d.pop("groups")
        for groups_item_data in _groups:
            groups_item = CachedGroup.from_dict(groups_item_data)

            groups.append(groups_item)

        simulated = d.pop("simulated")

        group_list = cls(
            cached=cached,
            groups=groups,
            simulated=simulated,
        )

        group_list.additional_properties = d
        return group_list

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
