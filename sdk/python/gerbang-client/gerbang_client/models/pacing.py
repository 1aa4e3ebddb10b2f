from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.quiet_hours import QuietHours


T = TypeVar("T", bound="Pacing")


@_attrs_define
class Pacing:
    """How a job paces itself. Defaults keep a number safe: 3 s ± 2 s apart.

    Attributes:
        delay_secs (float): Seconds between two sends (before jitter).
        jitter_secs (float): Up to this many seconds are added or removed at random.
        timezone (str): IANA time zone for quiet hours and days, e.g. `Asia/Jakarta`.
        typing (bool): Show "typing…" before each message.
        warmup (bool): New numbers start slowly: a daily cap of 20 on the device's first day, doubling each
            day (never above `dailyCap`).
        daily_cap (int | None | Unset): At most this many job messages per device per day (in the time zone); none when
            absent.
        max_attempts (int | None | Unset): Tries for a failure that is safe to retry (not connected, rate limited)
            before the
            recipient is `failed`; without it such a recipient waits and is tried again, however often.
        quiet_hours (None | QuietHours | Unset):
    """

    delay_secs: float
    jitter_secs: float
    timezone: str
    typing: bool
    warmup: bool
    daily_cap: int | None | Unset = UNSET
    max_attempts: int | None | Unset = UNSET
    quiet_hours: None | QuietHours | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.quiet_hours import QuietHours  # noqa: PLC0415

        delay_secs = self.delay_secs

        jitter_secs = self.jitter_secs

        timezone = self.timezone

        typing = self.typing

        warmup = self.warmup

        daily_cap: int | None | Unset
        if isinstance(self.daily_cap, Unset):
            daily_cap = UNSET
        else:
            daily_cap = self.daily_cap

        max_attempts: int | None | Unset
        if isinstance(self.max_attempts, Unset):
            max_attempts = UNSET
        else:
            max_attempts = self.max_attempts

        quiet_hours: dict[str, Any] | None | Unset
        if isinstance(self.quiet_hours, Unset):
            quiet_hours = UNSET
        elif isinstance(self.quiet_hours, QuietHours):
            quiet_hours = self.quiet_hours.to_dict()
        else:
            quiet_hours = self.quiet_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delaySecs": delay_secs,
                "jitterSecs": jitter_secs,
                "timezone": timezone,
                "typing": typing,
                "warmup": warmup,
            }
        )
        if daily_cap is not UNSET:
            field_dict["dailyCap"] = daily_cap
        if max_attempts is not UNSET:
            field_dict["maxAttempts"] = max_attempts
        if quiet_hours is not UNSET:
            field_dict["quietHours"] = quiet_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quiet_hours import QuietHours  # noqa: PLC0415

        d = dict(src_dict)
        delay_secs = d.pop("delaySecs")

        jitter_secs = d.pop("jitterSecs")

        timezone = d.pop("timezone")

        typing = d.pop("typing")

        warmup = d.pop("warmup")

        def _parse_daily_cap(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_cap = _parse_daily_cap(d.pop("dailyCap", UNSET))

        def _parse_max_attempts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_attempts = _parse_max_attempts(d.pop("maxAttempts", UNSET))

        def _parse_quiet_hours(data: object) -> None | QuietHours | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                quiet_hours_type_1 = QuietHours.from_dict(data)

                return quiet_hours_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuietHours | Unset, data)

        quiet_hours = _parse_quiet_hours(d.pop("quietHours", UNSET))

        pacing = cls(
            delay_secs=delay_secs,
            jitter_secs=jitter_secs,
            timezone=timezone,
            typing=typing,
            warmup=warmup,
            daily_cap=daily_cap,
            max_attempts=max_attempts,
            quiet_hours=quiet_hours,
        )

        pacing.additional_properties = d
        return pacing

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
