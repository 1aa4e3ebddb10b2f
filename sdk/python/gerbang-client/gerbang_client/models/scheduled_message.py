from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.schedule_status import ScheduleStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ScheduledMessage")


@_attrs_define
class ScheduledMessage:
    """
    Attributes:
        created_at (datetime.datetime):
        device_id (str):
        id (int):
        message (str):
        send_at (datetime.datetime):
        status (ScheduleStatus):
        timezone (str):
        to (str): The recipient (phone or JID as given, normalised).
        user_id (int):
        error (None | str | Unset):
        message_id (None | str | Unset):
        sent_at (datetime.datetime | None | Unset):
    """

    created_at: datetime.datetime
    device_id: str
    id: int
    message: str
    send_at: datetime.datetime
    status: ScheduleStatus
    timezone: str
    to: str
    user_id: int
    error: None | str | Unset = UNSET
    message_id: None | str | Unset = UNSET
    sent_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        device_id = self.device_id

        id = self.id

        message = self.message

        send_at = self.send_at.isoformat()

        status = self.status.value

        timezone = self.timezone

        to = self.to

        user_id = self.user_id

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        message_id: None | str | Unset
        if isinstance(self.message_id, Unset):
            message_id = UNSET
        else:
            message_id = self.message_id

        sent_at: None | str | Unset
        if isinstance(self.sent_at, Unset):
            sent_at = UNSET
        elif isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "deviceId": device_id,
                "id": id,
                "message": message,
                "sendAt": send_at,
                "status": status,
                "timezone": timezone,
                "to": to,
                "userId": user_id,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if message_id is not UNSET:
            field_dict["messageId"] = message_id
        if sent_at is not UNSET:
            field_dict["sentAt"] = sent_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        device_id = d.pop("deviceId")

        id = d.pop("id")

        message = d.pop("message")

        send_at = datetime.datetime.fromisoformat(d.pop("sendAt"))

        status = ScheduleStatus(d.pop("status"))

        timezone = d.pop("timezone")

        to = d.pop("to")

        user_id = d.pop("userId")

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message_id = _parse_message_id(d.pop("messageId", UNSET))

        def _parse_sent_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        sent_at = _parse_sent_at(d.pop("sentAt", UNSET))

        scheduled_message = cls(
            created_at=created_at,
            device_id=device_id,
            id=id,
            message=message,
            send_at=send_at,
            status=status,
            timezone=timezone,
            to=to,
            user_id=user_id,
            error=error,
            message_id=message_id,
            sent_at=sent_at,
        )

        scheduled_message.additional_properties = d
        return scheduled_message

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
