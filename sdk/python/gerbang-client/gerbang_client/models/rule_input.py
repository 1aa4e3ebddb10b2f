from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.match_type import MatchType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.weekly_hours import WeeklyHours


T = TypeVar("T", bound="RuleInput")


@_attrs_define
class RuleInput:
    """
    Attributes:
        case_sensitive (bool | None | Unset):
        enabled (bool | None | Unset):
        groups (bool | None | Unset):
        handoff (bool | None | Unset):
        keywords (list[str] | None | Unset):
        match_type (MatchType | None | Unset):
        media_url (None | str | Unset):
        name (None | str | Unset):
        pattern (None | str | Unset):
        priority (int | None | Unset):
        reply (None | str | Unset): `{{name}}`, `{{phone}}`, `{{message}}` and spintax `{Halo|Hai}`.
        schedule (None | Unset | WeeklyHours):
    """

    case_sensitive: bool | None | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    groups: bool | None | Unset = UNSET
    handoff: bool | None | Unset = UNSET
    keywords: list[str] | None | Unset = UNSET
    match_type: MatchType | None | Unset = UNSET
    media_url: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    pattern: None | str | Unset = UNSET
    priority: int | None | Unset = UNSET
    reply: None | str | Unset = UNSET
    schedule: None | Unset | WeeklyHours = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.weekly_hours import WeeklyHours  # noqa: PLC0415

        case_sensitive: bool | None | Unset
        if isinstance(self.case_sensitive, Unset):
            case_sensitive = UNSET
        else:
            case_sensitive = self.case_sensitive

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        groups: bool | None | Unset
        if isinstance(self.groups, Unset):
            groups = UNSET
        else:
            groups = self.groups

        handoff: bool | None | Unset
        if isinstance(self.handoff, Unset):
            handoff = UNSET
        else:
            handoff = self.handoff

        keywords: list[str] | None | Unset
        if isinstance(self.keywords, Unset):
            keywords = UNSET
        elif isinstance(self.keywords, list):
            keywords = self.keywords

        else:
            keywords = self.keywords

        match_type: None | str | Unset
        if isinstance(self.match_type, Unset):
            match_type = UNSET
        elif isinstance(self.match_type, MatchType):
            match_type = self.match_type.value
        else:
            match_type = self.match_type

        media_url: None | str | Unset
        if isinstance(self.media_url, Unset):
            media_url = UNSET
        else:
            media_url = self.media_url

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        pattern: None | str | Unset
        if isinstance(self.pattern, Unset):
            pattern = UNSET
        else:
            pattern = self.pattern

        priority: int | None | Unset
        if isinstance(self.priority, Unset):
            priority = UNSET
        else:
            priority = self.priority

        reply: None | str | Unset
        if isinstance(self.reply, Unset):
            reply = UNSET
        else:
            reply = self.reply

        schedule: dict[str, Any] | None | Unset
        if isinstance(self.schedule, Unset):
            schedule = UNSET
        elif isinstance(self.schedule, WeeklyHours):
            schedule = self.schedule.to_dict()
        else:
            schedule = self.schedule

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if case_sensitive is not UNSET:
            field_dict["caseSensitive"] = case_sensitive
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if groups is not UNSET:
            field_dict["groups"] = groups
        if handoff is not UNSET:
            field_dict["handoff"] = handoff
        if keywords is not UNSET:
            field_dict["keywords"] = keywords
        if match_type is not UNSET:
            field_dict["matchType"] = match_type
        if media_url is not UNSET:
            field_dict["mediaUrl"] = media_url
        if name is not UNSET:
            field_dict["name"] = name
        if pattern is not UNSET:
            field_dict["pattern"] = pattern
        if priority is not UNSET:
            field_dict["priority"] = priority
        if reply is not UNSET:
            field_dict["reply"] = reply
        if schedule is not UNSET:
            field_dict["schedule"] = schedule

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.weekly_hours import WeeklyHours  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_case_sensitive(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        case_sensitive = _parse_case_sensitive(d.pop("caseSensitive", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_groups(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        groups = _parse_groups(d.pop("groups", UNSET))

        def _parse_handoff(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        handoff = _parse_handoff(d.pop("handoff", UNSET))

        def _parse_keywords(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                keywords_type_0 = cast(list[str], data)

                return keywords_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        keywords = _parse_keywords(d.pop("keywords", UNSET))

        def _parse_match_type(data: object) -> MatchType | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                match_type_type_1 = MatchType(data)

                return match_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MatchType | None | Unset, data)

        match_type = _parse_match_type(d.pop("matchType", UNSET))

        def _parse_media_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        media_url = _parse_media_url(d.pop("mediaUrl", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_pattern(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pattern = _parse_pattern(d.pop("pattern", UNSET))

        def _parse_priority(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        priority = _parse_priority(d.pop("priority", UNSET))

        def _parse_reply(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply = _parse_reply(d.pop("reply", UNSET))

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

        rule_input = cls(
            case_sensitive=case_sensitive,
            enabled=enabled,
            groups=groups,
            handoff=handoff,
            keywords=keywords,
            match_type=match_type,
            media_url=media_url,
            name=name,
            pattern=pattern,
            priority=priority,
            reply=reply,
            schedule=schedule,
        )

        rule_input.additional_properties = d
        return rule_input

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
