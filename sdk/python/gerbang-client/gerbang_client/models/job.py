from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_media_type_0 import JobMediaType0
    from ..models.job_progress import JobProgress
    from ..models.pacing import Pacing


T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """
    Attributes:
        created_at (datetime.datetime):
        device_id (str):
        id (str): The job's id: use this one.
        job_id (str): The same as `id`, as earlier versions answered it; kept for their clients.
        kind (str): `text` or `media`.
        message (str): The message (variables and spintax are applied per recipient).
        pacing (Pacing): How a job paces itself. Defaults keep a number safe: 3 s ± 2 s apart.
        progress (JobProgress):
        status (JobStatus):
        user_id (int):
        finished_at (datetime.datetime | None | Unset):
        media (JobMediaType0 | None | Unset): For media jobs: the stored file and how to send it; `null` for text jobs.
        next_send_at (datetime.datetime | None | Unset): When the next message may go out.
        stop_reason (None | str | Unset): Why the gateway stopped it, when it did.
    """

    created_at: datetime.datetime
    device_id: str
    id: str
    job_id: str
    kind: str
    message: str
    pacing: Pacing
    progress: JobProgress
    status: JobStatus
    user_id: int
    finished_at: datetime.datetime | None | Unset = UNSET
    media: JobMediaType0 | None | Unset = UNSET
    next_send_at: datetime.datetime | None | Unset = UNSET
    stop_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_media_type_0 import JobMediaType0  # noqa: PLC0415

        created_at = self.created_at.isoformat()

        device_id = self.device_id

        id = self.id

        job_id = self.job_id

        kind = self.kind

        message = self.message

        pacing = self.pacing.to_dict()

        progress = self.progress.to_dict()

        status = self.status.value

        user_id = self.user_id

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        media: dict[str, Any] | None | Unset
        if isinstance(self.media, Unset):
            media = UNSET
        elif isinstance(self.media, JobMediaType0):
            media = self.media.to_dict()
        else:
            media = self.media

        next_send_at: None | str | Unset
        if isinstance(self.next_send_at, Unset):
            next_send_at = UNSET
        elif isinstance(self.next_send_at, datetime.datetime):
            next_send_at = self.next_send_at.isoformat()
        else:
            next_send_at = self.next_send_at

        stop_reason: None | str | Unset
        if isinstance(self.stop_reason, Unset):
            stop_reason = UNSET
        else:
            stop_reason = self.stop_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "deviceId": device_id,
                "id": id,
                "jobId": job_id,
                "kind": kind,
                "message": message,
                "pacing": pacing,
                "progress": progress,
                "status": status,
                "userId": user_id,
            }
        )
        if finished_at is not UNSET:
            field_dict["finishedAt"] = finished_at
        if media is not UNSET:
            field_dict["media"] = media
        if next_send_at is not UNSET:
            field_dict["nextSendAt"] = next_send_at
        if stop_reason is not UNSET:
            field_dict["stopReason"] = stop_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_media_type_0 import JobMediaType0  # noqa: PLC0415
        from ..models.job_progress import JobProgress  # noqa: PLC0415
        from ..models.pacing import Pacing  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        device_id = d.pop("deviceId")

        id = d.pop("id")

        job_id = d.pop("jobId")

        kind = d.pop("kind")

        message = d.pop("message")

        pacing = Pacing.from_dict(d.pop("pacing"))

        progress = JobProgress.from_dict(d.pop("progress"))

        status = JobStatus(d.pop("status"))

        user_id = d.pop("userId")

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finishedAt", UNSET))

        def _parse_media(data: object) -> JobMediaType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                media_type_0 = JobMediaType0.from_dict(data)

                return media_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobMediaType0 | None | Unset, data)

        media = _parse_media(d.pop("media", UNSET))

        def _parse_next_send_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_send_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_send_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_send_at = _parse_next_send_at(d.pop("nextSendAt", UNSET))

        def _parse_stop_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stop_reason = _parse_stop_reason(d.pop("stopReason", UNSET))

        job = cls(
            created_at=created_at,
            device_id=device_id,
            id=id,
            job_id=job_id,
            kind=kind,
            message=message,
            pacing=pacing,
            progress=progress,
            status=status,
            user_id=user_id,
            finished_at=finished_at,
            media=media,
            next_send_at=next_send_at,
            stop_reason=stop_reason,
        )

        job.additional_properties = d
        return job

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
