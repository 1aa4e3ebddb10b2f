from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_actor import AuditActor


T = TypeVar("T", bound="AuditFilterValues")


@_attrs_define
class AuditFilterValues:
    """The values a log viewer can offer in its filter menus.

    Attributes:
        actions (list[str]):
        actors (list[AuditActor]):
        target_types (list[str]):
    """

    actions: list[str]
    actors: list[AuditActor]
    target_types: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actions = self.actions

        actors = []
        for actors_item_data in self.actors:
            actors_item = actors_item_data.to_dict()
            actors.append(actors_item)

        target_types = self.target_types

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actions": actions,
                "actors": actors,
                "targetTypes": target_types,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_actor import AuditActor  # noqa: PLC0415

        d = dict(src_dict)
        actions = cast(list[str], d.pop("actions"))

        actors = []
        _actors = d.pop("actors")
        for actors_item_data in _actors:
            actors_item = AuditActor.from_dict(actors_item_data)

            actors.append(actors_item)

        target_types = cast(list[str], d.pop("targetTypes"))

        audit_filter_values = cls(
            actions=actions,
            actors=actors,
            target_types=target_types,
        )

        audit_filter_values.additional_properties = d
        return audit_filter_values

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
