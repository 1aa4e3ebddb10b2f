from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..models.queue_state import QueueState
from ..types import UNSET, Unset

T = TypeVar("T", bound="QueueItem")


@_attrs_define
class QueueItem:
    """One queued message, as the queue routes show it.

    Attributes:
        attempts (int): Tries that failed in a way safe to retry.
        chat_id (str): The chat, e.g. `6281234567890@s.whatsapp.net`.
        device_id (str):
        job_id (str): The job's id (`/api/whatsapp-multi-device/jobs/{jobId}` shows the same job).
        job_status (JobStatus):
        message (str):
        recipient_status (str): Gerbang's own state of the recipient (`pending`, `sending`, `sent`, `failed`,
            `skipped`, `uncertain`, `cancelled`) and of the job.
        status (QueueState): A queued message's state in seed 003's words.
        timestamp (datetime.datetime):
        failed_reason (None | str | Unset):
        finished_on (datetime.datetime | None | Unset):
        max_attempts (int | None | Unset):
        message_id (None | str | Unset): WhatsApp's message id, once a send was tried.
        next_attempt_at (datetime.datetime | None | Unset): When it may be tried next.
        number (None | str | Unset): The number (digits), absent for a group.
    """

    attempts: int
    chat_id: str
    device_id: str
    job_id: str
    job_status: JobStatus
    message: str
    recipient_status: str
    status: QueueState
    timestamp: datetime.datetime
    failed_reason: None | str | Unset = UNSET
    finished_on: datetime.datetime | None | Unset = UNSET
    max_attempts: int | None | Unset = UNSET
    message_id: None | str | Unset = UNSET
    next_attempt_at: datetime.datetime | None | Unset = UNSET
    number: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        chat_id = self.chat_id

        device_id = self.device_id

        job_id = self.job_id

        job_status = self.job_status.value

        message = self.message

        recipient_status = self.recipient_status

        status = self.status.value

        timestamp = self.timestamp.isoformat()

        failed_reason: None | str | Unset
        if isinstance(self.failed_reason, Unset):
            failed_reason = UNSET
        else:
            failed_reason = self.failed_reason

        finished_on: None | str | Unset
        if isinstance(self.finished_on, Unset):
            finished_on = UNSET
        elif isinstance(self.finished_on, datetime.datetime):
            finished_on = self.finished_on.isoformat()
        else:
            finished_on = self.finished_on

        max_attempts: int | None | Unset
        if isinstance(self.max_attempts, Unset):
            max_attempts = UNSET
        else:
            max_attempts = self.max_attempts

        message_id: None | str | Unset
        if isinstance(self.message_id, Unset):
            message_id = UNSET
        else:
            message_id = self.message_id

        next_attempt_at: None | str | Unset
        if isinstance(self.next_attempt_at, Unset):
            next_attempt_at = UNSET
        elif isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "chatId": chat_id,
                "deviceId": device_id,
                "jobId": job_id,
                "jobStatus": job_status,
                "message": message,
                "recipientStatus": recipient_status,
                "status": status,
                "timestamp": timestamp,
            }
        )
        if failed_reason is not UNSET:
            field_dict["failedReason"] = failed_reason
        if finished_on is not UNSET:
            field_dict["finishedOn"] = finished_on
        if max_attempts is not UNSET:
            field_dict["maxAttempts"] = max_attempts
        if message_id is not UNSET:
            field_dict["messageId"] = message_id
        if next_attempt_at is not UNSET:
            field_dict["nextAttemptAt"] = next_attempt_at
        if number is not UNSET:
            field_dict["number"] = number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        chat_id = d.pop("chatId")

        device_id = d.pop("deviceId")

        job_id = d.pop("jobId")

        job_status = JobStatus(d.pop("jobStatus"))

        message = d.pop("message")

        recipient_status = d.pop("recipientStatus")

        status = QueueState(d.pop("status"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        def _parse_failed_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failed_reason = _parse_failed_reason(d.pop("failedReason", UNSET))

        def _parse_finished_on(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_on_type_0 = datetime.datetime.fromisoformat(data)

                return finished_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_on = _parse_finished_on(d.pop("finishedOn", UNSET))

        def _parse_max_attempts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_attempts = _parse_max_attempts(d.pop("maxAttempts", UNSET))

        def _parse_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message_id = _parse_message_id(d.pop("messageId", UNSET))

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("nextAttemptAt", UNSET))

        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))

        queue_item = cls(
            attempts=attempts,
            chat_id=chat_id,
            device_id=device_id,
            job_id=job_id,
            job_status=job_status,
            message=message,
            recipient_status=recipient_status,
            status=status,
            timestamp=timestamp,
            failed_reason=failed_reason,
            finished_on=finished_on,
            max_attempts=max_attempts,
            message_id=message_id,
            next_attempt_at=next_attempt_at,
            number=number,
        )

        queue_item.additional_properties = d
        return queue_item

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
