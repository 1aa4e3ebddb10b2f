from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.match_type import MatchType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.weekly_hours import WeeklyHours


T = TypeVar("T", bound="EnvelopeBotRuleData")


@_attrs_define
class EnvelopeBotRuleData:
    """
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
        created_at (datetime.datetime):
        device_id (str):
        hits (int):
        id (int):
        position (int): Place in the list (reorder changes it).
        updated_at (datetime.datetime):
        media_url (None | str | Unset): An image or file sent with the reply (the reply is its caption).
        pattern (None | str | Unset): For `regex`.
        schedule (None | Unset | WeeklyHours):
        last_hit_at (datetime.datetime | None | Unset):
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
    created_at: datetime.datetime
    device_id: str
    hits: int
    id: int
    position: int
    updated_at: datetime.datetime
    media_url: None | str | Unset = UNSET
    pattern: None | str | Unset = UNSET
    schedule: None | Unset | WeeklyHours = UNSET
    last_hit_at: datetime.datetime | None | Unset = UNSET
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

        created_at = self.created_at.isoformat()

        device_id = self.device_id

        hits = self.hits

        id = self.id

        position = self.position

        updated_at = self.updated_at.isoformat()

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
                "caseSensitive": case_sensitive,
                "enabled": enabled,
                "groups": groups,
                "handoff": handoff,
                "keywords": keywords,
                "matchType": match_type,
                "name": name,
                "priority": priority,
                "reply": reply,
                "createdAt": created_at,
                "deviceId": device_id,
                "hits": hits,
                "id": id,
                "position": position,
                "updatedAt": updated_at,
            }
        )
        if media_url is not UNSET:
            field_dict["mediaUrl"] = media_url
        if pattern is not UNSET:
            field_dict["pattern"] = pattern
        if schedule is not UNSET:
            field_dict["schedule"] = schedule
        if last_hit_at is not UNSET:
            field_dict["lastHitAt"] = last_hit_at

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

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        device_id = d.pop("deviceId")

        hits = d.pop("hits")

        id = d.pop("id")

        position = d.pop("position")

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

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

        envelope_bot_rule_data = cls(
            case_sensitive=case_sensitive,
            enabled=enabled,
            groups=groups,
            handoff=handoff,
            keywords=keywords,
            match_type=match_type,
            name=name,
            priority=priority,
            reply=reply,
            created_at=created_at,
            device_id=device_id,
            hits=hits,
            id=id,
            position=position,
            updated_at=updated_at,
            media_url=media_url,
            pattern=pattern,
            schedule=schedule,
            last_hit_at=last_hit_at,
        )

        envelope_bot_rule_data.additional_properties = d
        return envelope_bot_rule_data

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
