from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.weekly_hours import WeeklyHours


T = TypeVar("T", bound="EnvelopeBotConfigData")


@_attrs_define
class EnvelopeBotConfigData:
    """The bot's settings for one device. Every field has a default, so a partial document is
    a valid update.

        Attributes:
            agent_reply_pauses (bool | Unset): An agent's reply (through the API or from the phone) pauses the bot for that
                contact. Default: True.
            auto_resume_minutes (int | Unset): A hand-off ends by itself after this many idle minutes (0: only by resume).
                Default: 60.
            business_hours (None | Unset | WeeklyHours):
            cooldown_secs (int | Unset): The least time between two bot replies to one contact. Default: 0.
            enabled (bool | Unset):  Default: False.
            handoff_keywords (list[str] | Unset): A message containing one of these (case-insensitive) hands the chat to a
                person.
            handoff_message (None | str | Unset): Sent once when a hand-off starts by keyword.
            holidays (list[datetime.date] | Unset): Dates (local) that are closed all day.
            loop_limit (int | Unset): More than `loopLimit` replies to one contact within `loopWindowSecs` looks like two
                bots
                talking: the bot stops and hands the chat to a person. Default: 5.
            loop_window_secs (int | Unset):  Default: 60.
            out_of_hours_cooldown_minutes (int | Unset):  Default: 60.
            out_of_hours_message (None | str | Unset): Sent when closed and no rule answers; at most once per contact per
                `outOfHoursCooldownMinutes`.
            reply_delay_ms (int | Unset): Wait this long before replying (looks less mechanical). Default: 0.
            time_zone (str | Unset): IANA time zone the business hours and daily statistics are in. Default: 'Asia/Jakarta'.
            welcome_message (None | str | Unset): Sent to someone writing for the first time, when no rule answers.
    """

    agent_reply_pauses: bool | Unset = True
    auto_resume_minutes: int | Unset = 60
    business_hours: None | Unset | WeeklyHours = UNSET
    cooldown_secs: int | Unset = 0
    enabled: bool | Unset = False
    handoff_keywords: list[str] | Unset = UNSET
    handoff_message: None | str | Unset = UNSET
    holidays: list[datetime.date] | Unset = UNSET
    loop_limit: int | Unset = 5
    loop_window_secs: int | Unset = 60
    out_of_hours_cooldown_minutes: int | Unset = 60
    out_of_hours_message: None | str | Unset = UNSET
    reply_delay_ms: int | Unset = 0
    time_zone: str | Unset = "Asia/Jakarta"
    welcome_message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.weekly_hours import WeeklyHours  # noqa: PLC0415

        agent_reply_pauses = self.agent_reply_pauses

        auto_resume_minutes = self.auto_resume_minutes

        business_hours: dict[str, Any] | None | Unset
        if isinstance(self.business_hours, Unset):
            business_hours = UNSET
        elif isinstance(self.business_hours, WeeklyHours):
            business_hours = self.business_hours.to_dict()
        else:
            business_hours = self.business_hours

        cooldown_secs = self.cooldown_secs

        enabled = self.enabled

        handoff_keywords: list[str] | Unset = UNSET
        if not isinstance(self.handoff_keywords, Unset):
            handoff_keywords = self.handoff_keywords

        handoff_message: None | str | Unset
        if isinstance(self.handoff_message, Unset):
            handoff_message = UNSET
        else:
            handoff_message = self.handoff_message

        holidays: list[str] | Unset = UNSET
        if not isinstance(self.holidays, Unset):
            holidays = []
            for holidays_item_data in self.holidays:
                holidays_item = holidays_item_data.isoformat()
                holidays.append(holidays_item)

        loop_limit = self.loop_limit

        loop_window_secs = self.loop_window_secs

        out_of_hours_cooldown_minutes = self.out_of_hours_cooldown_minutes

        out_of_hours_message: None | str | Unset
        if isinstance(self.out_of_hours_message, Unset):
            out_of_hours_message = UNSET
        else:
            out_of_hours_message = self.out_of_hours_message

        reply_delay_ms = self.reply_delay_ms

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
        agent_reply_pauses = d.pop("agentReplyPauses", UNSET)

        auto_resume_minutes = d.pop("autoResumeMinutes", UNSET)

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

        cooldown_secs = d.pop("cooldownSecs", UNSET)

        enabled = d.pop("enabled", UNSET)

        handoff_keywords = cast(list[str], d.pop("handoffKeywords", UNSET))

        def _parse_handoff_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        handoff_message = _parse_handoff_message(d.pop("handoffMessage", UNSET))

        _holidays = d.pop("holidays", UNSET)
        holidays: list[datetime.date] | Unset = UNSET
        if _holidays is not UNSET:
            holidays = []
            for holidays_item_data in _holidays:
                holidays_item = datetime.date.fromisoformat(holidays_item_data)

                holidays.append(holidays_item)

        loop_limit = d.pop("loopLimit", UNSET)

        loop_window_secs = d.pop("loopWindowSecs", UNSET)

        out_of_hours_cooldown_minutes = d.pop("outOfHoursCooldownMinutes", UNSET)

        def _parse_out_of_hours_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        out_of_hours_message = _parse_out_of_hours_message(d.pop("outOfHoursMessage", UNSET))

        reply_delay_ms = d.pop("replyDelayMs", UNSET)

        time_zone = d.pop("timeZone", UNSET)

        def _parse_welcome_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        welcome_message = _parse_welcome_message(d.pop("welcomeMessage", UNSET))

        envelope_bot_config_data = cls(
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

        envelope_bot_config_data.additional_properties = d
        return envelope_bot_config_data

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
