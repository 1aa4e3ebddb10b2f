from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RuleHits")


@_attrs_define
class RuleHits:
    """
    Attributes:
        hits (int):
        name (str):
        rule_id (int):
        last_hit_at (datetime.datetime | None | Unset):
    """

    hits: int
    name: str
    rule_id: int
    last_hit_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hits = self.hits

        name = self.name

        rule_id = self.rule_id

        last_hit_at: None | str | Unset
        if isinstance(self.last_hit_at, Unset):
            last_hit_at = UNSET
        elif isinstance(self.last_hit_at, datetime.datetime):
            last_hit_at = self.last_hit_at.isoformat()
        else:
            last_hit_at = self.last_hit_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hits": hits,
                "name": name,
                "ruleId": rule_id,
            }
        )
        if last_hit_at is not UNSET:
            field_dict["lastHitAt"] = last_hit_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        hits = d.pop("hits")

        name = d.pop("name")

        rule_id = d.pop("ruleId")

        def _parse_last_hit_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_hit_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_hit_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_hit_at = _parse_last_hit_at(d.pop("lastHitAt", UNSET))

        rule_hits = cls(
            hits=hits,
            name=name,
            rule_id=rule_id,
            last_hit_at=last_hit_at,
        )

        rule_hits.additional_properties = d
        return rule_hits

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
