from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bot_day_count import BotDayCount
    from ..models.rule_hits import RuleHits


T = TypeVar("T", bound="BotStats")


@_attrs_define
class BotStats:
    """
    Attributes:
        active_handoffs (int):
        enabled (bool):
        per_day (list[BotDayCount]): Decisions per local day and action.
        rules (list[RuleHits]):
    """

    active_handoffs: int
    enabled: bool
    per_day: list[BotDayCount]
    rules: list[RuleHits]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active_handoffs = self.active_handoffs

        enabled = self.enabled

        per_day = []
        for per_day_item_data in self.per_day:
            per_day_item = per_day_item_data.to_dict()
            per_day.append(per_day_item)

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activeHandoffs": active_handoffs,
                "enabled": enabled,
                "perDay": per_day,
                "rules": rules,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bot_day_count import BotDayCount  # noqa: PLC0415
        from ..models.rule_hits import RuleHits  # noqa: PLC0415

        d = dict(src_dict)
        active_handoffs = d.pop("activeHandoffs")

        enabled = d.pop("enabled")

        per_day = []
        _per_day = d.pop("perDay")
        for per_day_item_data in _per_day:
            per_day_item = BotDayCount.from_dict(per_day_item_data)

            per_day.append(per_day_item)

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = RuleHits.from_dict(rules_item_data)

            rules.append(rules_item)

        bot_stats = cls(
            active_handoffs=active_handoffs,
            enabled=enabled,
            per_day=per_day,
            rules=rules,
        )

        bot_stats.additional_properties = d
        return bot_stats

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
