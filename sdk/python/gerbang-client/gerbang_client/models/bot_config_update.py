from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.weekly_hours import WeeklyHours


T = TypeVar("T", bound="BotConfigUpdate")


@_attrs_define
class BotConfigUpdate:
    """
    Attributes:
        agent_reply_pauses (bool | None | Unset):
        auto_resume_minutes (int | None | Unset):
        business_hours (None | Unset | WeeklyHours):
        cooldown_secs (int | None | Unset):
        enabled (bool | None | Unset):
        handoff_keywords (list[str] | None | Unset):
        handoff_message (None | str | Unset):
        holidays (list[datetime.date] | None | Unset):
        loop_limit (int | None | Unset):
        loop_window_secs (int | None | Unset):
        out_of_hours_cooldown_minutes (int | None | Unset):
        out_of_hours_message (None | str | Unset):
        reply_delay_ms (int | None | Unset):
        time_zone (None | str | Unset):
        welcome_message (None | str | Unset):
    """

    agent_reply_pauses: bool | None | Unset = UNSET
    auto_resume_minutes: int | None | Unset = UNSET
    business_hours: None | Unset | WeeklyHours = UNSET
    cooldown_secs: int | None | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    handoff_keywords: list[str] | None | Unset = UNSET
    handoff_message: None | str | Unset = UNSET
    holidays: list[datetime.date] | None | Unset = UNSET
    loop_limit: int | None | Unset = UNSET
    loop_window_secs: int | None | Unset = UNSET
    out_of_hours_cooldown_minutes: int | None | Unset = UNSET
    out_of_hours_message: None | str | Unset = UNSET
    reply_delay_ms: int | None | Unset = UNSET
    time_zone: None | str | Unset = UNSET
    welcome_message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.weekly_hours import WeeklyHours  # noqa: PLC0415

        agent_reply_pauses: bool | None | Unset
        if isinstance(self.agent_reply_pauses, Unset):
            agent_reply_pauses = UNSET
        else:
            agent_reply_pauses = self.agent_reply_pauses

        auto_resume_minutes: int | None | Unset
        if isinstance(self.auto_resume_minutes, Unset):
            auto_resume_minutes = UNSET
        else:
            auto_resume_minutes = self.auto_resume_minutes

        business_hours: dict[str, Any] | None | Unset
        if isinstance(self.business_hours, Unset):
            business_hours = UNSET
        elif isinstance(self.business_hours, WeeklyHours):
            business_hours = self.business_hours.to_dict()
        else:
            business_hours = self.business_hours

        cooldown_secs: int | None | Unset
        if isinstance(self.cooldown_secs, Unset):
            cooldown_secs = UNSET
        else:
            cooldown_secs = self.cooldown_secs

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        handoff_keywords: list[str] | None | Unset
        if isinstance(self.handoff_keywords, Unset):
            handoff_keywords = UNSET
        elif isinstance(self.handoff_keywords, list):
            handoff_keywords = self.handoff_keywords

        else:
            handoff_keywords = self.handoff_keywords

        handoff_message: None | str | Unset
        if isinstance(self.handoff_message, Unset):
            handoff_message = UNSET
        else:
            handoff_message = self.handoff_message

        holidays: list[str] | None | Unset
        if isinstance(self.holidays, Unset):
            holidays = UNSET
        elif isinstance(self.holidays, list):
            holidays = []
            for holidays_type_0_item_data in self.holidays:
                holidays_type_0_item = holidays_type_0_item_data.isoformat()
                holidays.append(holidays_type_0_item)

        else:
            holidays = self.holidays

        loop_limit: int | None | Unset
        if isinstance(self.loop_limit, Unset):
            loop_limit = UNSET
        else:
            loop_limit = self.loop_limit

        loop_window_secs: int | None | Unset
        if isinstance(self.loop_window_secs, Unset):
            loop_window_secs = UNSET
        else:
            loop_window_secs = self.loop_window_secs

        out_of_hours_cooldown_minutes: int | None | Unset
        if isinstance(self.out_of_hours_cooldown_minutes, Unset):
            out_of_hours_cooldown_minutes = UNSET
        else:
            out_of_hours_cooldown_minutes = self.out_of_hours_cooldown_minutes

        out_of_hours_message: None | str | Unset
        if isinstance(self.out_of_hours_message, Unset):
            out_of_hours_message = UNSET
        else:
            out_of_hours_message = self.out_of_hours_message

        reply_delay_ms: int | None | Unset
        if isinstance(self.reply_delay_ms, Unset):
            reply_delay_ms = UNSET
        else:
            reply_delay_ms = self.reply_delay_ms

        time_zone: None | str | Unset
        if isinstance(self.time_zone, Unset):
            time_zone = UNSET
        else:
            time_zone = self.time_zone

        welcome_message: None | str | Unset
        if isinstance(self.welcome_message, Unset):
            welcome_message = UNSET
        else:
            welcome_message = self.welcome_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if agent_reply_pauses is not UNSET:
            field_dict["agentReplyPauses"] = agent_reply_pauses
        if auto_resume_minutes is not UNSET:
            field_dict["autoResumeMinutes"] = auto_resume_minutes
        if business_hours is not UNSET:
            field_dict["businessHours"] = business_hours
        if cooldown_secs is not UNSET:
            field_dict["cooldownSecs"] = cooldown_secs
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if handoff_keywords is not UNSET:
            field_dict["handoffKeywords"] = handoff_keywords
        if handoff_message is not UNSET:
            field_dict["handoffMessage"] = handoff_message
        if holidays is not UNSET:
            field_dict["holidays"] = holidays
        if loop_limit is not UNSET:
            field_dict["loopLimit"] = loop_limit
        if loop_window_secs is not UNSET:
            field_dict["loopWindowSecs"] = loop_window_secs
        if out_of_hours_cooldown_minutes is not UNSET:
            field_dict["outOfHoursCooldownMinutes"] = out_of_hours_cooldown_minutes
        if out_of_hours_message is not UNSET:
            field_dict["outOfHoursMessage"] = out_of_hours_message
        if reply_delay_ms is not UNSET:
            field_dict["replyDelayMs"] = reply_delay_ms
        if time_zone is not UNSET:
            field_dict["timeZone"] = time_zone
        if welcome_message is not UNSET:
            field_dict["welcomeMessage"] = welcome_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.weekly_hours import WeeklyHours  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_agent_reply_pauses(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        agent_reply_pauses = _parse_agent_reply_pauses(d.pop("agentReplyPauses", UNSET))

        def _parse_auto_resume_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        auto_resume_minutes = _parse_auto_resume_minutes(d.pop("autoResumeMinutes", UNSET))

        def _parse_business_hours(data: object) -> None | Unset | WeeklyHours:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                business_hours_type_1 = WeeklyHours.from_dict(data)

                return business_hours_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WeeklyHours, data)

        business_hours = _parse_business_hours(d.pop("businessHours", UNSET))

        def _parse_cooldown_secs(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cooldown_secs = _parse_cooldown_secs(d.pop("cooldownSecs", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_handoff_keywords(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                handoff_keywords_type_0 = cast(list[str], data)

                return handoff_keywords_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        handoff_keywords = _parse_handoff_keywords(d.pop("handoffKeywords", UNSET))

        def _parse_handoff_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        handoff_message = _parse_handoff_message(d.pop("handoffMessage", UNSET))

        def _parse_holidays(data: object) -> list[datetime.date] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                holidays_type_0 = []
                _holidays_type_0 = data
                for holidays_type_0_item_data in _holidays_type_0:
                    holidays_type_0_item = datetime.date.fromisoformat(holidays_type_0_item_data)

                    holidays_type_0.append(holidays_type_0_item)

                return holidays_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[datetime.date] | None | Unset, data)

        holidays = _parse_holidays(d.pop("holidays", UNSET))

        def _parse_loop_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        loop_limit = _parse_loop_limit(d.pop("loopLimit", UNSET))

        def _parse_loop_window_secs(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        loop_window_secs = _parse_loop_window_secs(d.pop("loopWindowSecs", UNSET))

        def _parse_out_of_hours_cooldown_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        out_of_hours_cooldown_minutes = _parse_out_of_hours_cooldown_minutes(d.pop("outOfHoursCooldownMinutes", UNSET))

        def _parse_out_of_hours_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        out_of_hours_message = _parse_out_of_hours_message(d.pop("outOfHoursMessage", UNSET))

        def _parse_reply_delay_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        reply_delay_ms = _parse_reply_delay_ms(d.pop("replyDelayMs", UNSET))

        def _parse_time_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_zone = _parse_time_zone(d.pop("timeZone", UNSET))

        def _parse_welcome_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        welcome_message = _parse_welcome_message(d.pop("welcomeMessage", UNSET))

        bot_config_update = cls(
            agent_reply_pauses=agent_reply_pauses,
            auto_resume_minutes=auto_resume_minutes,
            business_hours=business_hours,
            cooldown_secs=cooldown_secs,
            enabled=enabled,
            handoff_keywords=handoff_keywords,
            handoff_message=handoff_message,
            holidays=holidays,
            loop_limit=loop_limit,
            loop_window_secs=loop_window_secs,
            out_of_hours_cooldown_minutes=out_of_hours_cooldown_minutes,
            out_of_hours_message=out_of_hours_message,
            reply_delay_ms=reply_delay_ms,
            time_zone=time_zone,
            welcome_message=welcome_message,
        )

        bot_config_update.additional_properties = d
        return bot_config_update

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
