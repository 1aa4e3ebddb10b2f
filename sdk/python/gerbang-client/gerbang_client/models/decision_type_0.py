from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.decision_type_0_action import DecisionType0Action

T = TypeVar("T", bound="DecisionType0")


@_attrs_define
class DecisionType0:
    """No answer; `reason` is `handoff`, `cooldown`, `closed`, `no_match` or `group`.

    Attributes:
        action (DecisionType0Action):
        reason (str):
    """

    action: DecisionType0Action
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = DecisionType0Action(d.pop("action"))

        reason = d.pop("reason")

        decision_type_0 = cls(
            action=action,
            reason=reason,
        )

        decision_type_0.additional_properties = d
        return decision_type_0

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
