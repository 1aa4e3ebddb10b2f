from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScheduleInput")


@_attrs_define
class ScheduleInput:
    """
    Attributes:
        message (str): Also accepted as `text`.
        phone (str): Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
            (the names earlier gateways used).
        send_at (str): RFC 3339 with an offset (`2026-12-01T09:00:00+07:00`), or a local time
            (`2026-12-01T09:00` / `2026-12-01 09:00`) read in `timezone`.
        timezone (None | str | Unset): IANA time zone (default `Asia/Jakarta`).
    """

    message: str
    phone: str
    send_at: str
    timezone: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        phone = self.phone

        send_at = self.send_at

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
                "phone": phone,
                "sendAt": send_at,
            }
        )
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        phone = d.pop("phone")

        send_at = d.pop("sendAt")

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        schedule_input = cls(
            message=message,
            phone=phone,
            send_at=send_at,
            timezone=timezone,
        )

        schedule_input.additional_properties = d
        return schedule_input

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
