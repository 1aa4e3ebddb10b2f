from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.priority import Priority
from ..models.queue_state import QueueState
from ..types import UNSET, Unset

T = TypeVar("T", bound="Enqueued")


@_attrs_define
class Enqueued:
    """The answer to a queued send (seed 003's fields).

    Attributes:
        chat_id (str):
        delivery (str): Always `queued`.
        device_id (str):
        id (str): The queued message's id (a job id): `/api/whatsapp/queue/job/{id}`.
        job_id (str): The same as `id`, as seed 003 named it.
        priority (Priority): Seed 003's `priority`; accepted and echoed. Messages go out first in, first out.
        queued (bool): Always `true`.
        status (QueueState): A queued message's state in seed 003's words.
        to (None | str | Unset): The number (digits), absent for a group.
    """

    chat_id: str
    delivery: str
    device_id: str
    id: str
    job_id: str
    priority: Priority
    queued: bool
    status: QueueState
    to: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chat_id = self.chat_id

        delivery = self.delivery

        device_id = self.device_id

        id = self.id

        job_id = self.job_id

        priority = self.priority.value

        queued = self.queued

        status = self.status.value

        to: None | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        else:
            to = self.to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chatId": chat_id,
                "delivery": delivery,
                "deviceId": device_id,
                "id": id,
                "jobId": job_id,
                "priority": priority,
                "queued": queued,
                "status": status,
            }
        )
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        chat_id = d.pop("chatId")

        delivery = d.pop("delivery")

        device_id = d.pop("deviceId")

        id = d.pop("id")

        job_id = d.pop("jobId")

        priority = Priority(d.pop("priority"))

        queued = d.pop("queued")

        status = QueueState(d.pop("status"))

        def _parse_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        to = _parse_to(d.pop("to", UNSET))

        enqueued = cls(
            chat_id=chat_id,
            delivery=delivery,
            device_id=device_id,
            id=id,
            job_id=job_id,
            priority=priority,
            queued=queued,
            status=status,
            to=to,
        )

        enqueued.additional_properties = d
        return enqueued

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
