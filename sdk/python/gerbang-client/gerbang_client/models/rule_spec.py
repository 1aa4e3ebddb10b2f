from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.match_type import MatchType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.weekly_hours import WeeklyHours


T = TypeVar("T", bound="RuleSpec")


@_attrs_define
class RuleSpec:
    """What a user sets on a rule.

    Attributes:
        case_sensitive (bool):
        enabled (bool):
        groups (bool): Also answer in groups.
        handoff (bool): After replying, hand the chat to a person.
        keywords (list[str]): For the keyword types: any of these.
        match_type (MatchType):
        name (str):
        priority (int): Higher first; equal priorities keep their list order.
        reply (str): The answer: `{{name}}`, `{{phone}}`, `{{message}}`, spintax `{Halo|Hai}`.
        media_url (None | str | Unset): An image or file sent with the reply (the reply is its caption).
        pattern (None | str | Unset): For `regex`.
        schedule (None | Unset | WeeklyHours):
    """

    case_sensitive: bool
    enabled: bool
    groups: bool
    handoff: bool
    keywords: list[str]
    match_type: MatchType
    name: str
    priority: int
    reply: str
    media_url: None | str | Unset = UNSET
    pattern: None | str | Unset = UNSET
    schedule: None | Unset | WeeklyHours = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.weekly_hours import WeeklyHours  # noqa: PLC0415

        case_sensitive = self.case_sensitive

        enabled = self.enabled

        groups = self.groups

        handoff = self.handoff

        keywords = self.keywords

        match_type = self.match_type.value

        name = self.name

        priority = self.priority

        reply = self.reply

        media_url: None | str | Unset
        if isinstance(self.media_url, Unset):
            media_url = UNSET
        else:
            media_url = self.media_url

        pattern: None | str | Unset
        if isinstance(self.pattern, Unset):
            pattern = UNSET
        else:
            pattern = self.pattern

        schedule: dict[str, Any] | None | Unset
        if isinstance(self.schedule, Unset):
            schedule = UNSET
        elif isinstance(self.schedule, WeeklyHours):
            schedule = self.schedule.to_dict()
        else:
            schedule = self.schedule

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "caseSensitive": case_sensitive,
                "enabled": enabled,
                "groups": groups,
                "handoff": handoff,
                "keywords": keywords,
                "matchType": match_type,
                "name": name,
                "priority": priority,
                "reply": reply,
            }
        )
        if media_url is not UNSET:
            field_dict["mediaUrl"] = media_url
        if pattern is not UNSET:
            field_dict["pattern"] = pattern
        if schedule is not UNSET:
            field_dict["schedule"] = schedule

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.weekly_hours import WeeklyHours  # noqa: PLC0415

        d = dict(src_dict)
        case_sensitive = d.pop("caseSensitive")

        enabled = d.pop("enabled")

        groups = d.pop("groups")

        handoff = d.pop("handoff")

        keywords = cast(list[str], d.pop("keywords"))

        match_type = MatchType(d.pop("matchType"))

        name = d.pop("name")

        priority = d.pop("priority")

        reply = d.pop("reply")

        def _parse_media_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        media_url = _parse_media_url(d.pop("mediaUrl", UNSET))

        def _parse_pattern(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pattern = _parse_pattern(d.pop("pattern", UNSET))

        def _parse_schedule(data: object) -> None | Unset | WeeklyHours:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                schedule_type_1 = WeeklyHours.from_dict(data)

                return schedule_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WeeklyHours, data)

        schedule = _parse_schedule(d.pop("schedule", UNSET))

        rule_spec = cls(
            case_sensitive=case_sensitive,
            enabled=enabled,
            groups=groups,
            handoff=handoff,
            keywords=keywords,
            match_type=match_type,
            name=name,
            priority=priority,
            reply=reply,
            media_url=media_url,
            pattern=pattern,
            schedule=schedule,
        )

        rule_spec.additional_properties = d
        return rule_spec

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
