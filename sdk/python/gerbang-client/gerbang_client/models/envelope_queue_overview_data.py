from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.queue_counts import QueueCounts
    from ..models.queue_item import QueueItem


T = TypeVar("T", bound="EnvelopeQueueOverviewData")


@_attrs_define
class EnvelopeQueueOverviewData:
    """Seed 003's queue status: the counts and one page of messages.

    Attributes:
        active (int):
        completed (int):
        delayed (int):
        device_id (str):
        failed (int):
        messages (list[QueueItem]):
        paused (int):
        queue_paused (bool): Whether the queue is paused.
        queue_size (int): All messages in the queue, whatever their state.
        stats (QueueCounts): How many queued messages are in each state.
        status (str): The state listed (`all` for every state).
        waiting (int):
    """

    active: int
    completed: int
    delayed: int
    device_id: str
    failed: int
    messages: list[QueueItem]
    paused: int
    queue_paused: bool
    queue_size: int
    stats: QueueCounts
    status: str
    waiting: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        completed = self.completed

        delayed = self.delayed

        device_id = self.device_id

        failed = self.failed

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        paused = self.paused

        queue_paused = self.queue_paused

        queue_size = self.queue_size

        stats = self.stats.to_dict()

        status = self.status

        waiting = self.waiting

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "completed": completed,
                "delayed": delayed,
                "deviceId": device_id,
                "failed": failed,
                "messages": messages,
                "paused": paused,
                "queuePaused": queue_paused,
                "queueSize": queue_size,
                "stats": stats,
                "status": status,
                "waiting": waiting,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.queue_counts import QueueCounts  # noqa: PLC0415
        from ..models.queue_item import QueueItem  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active")

        completed = d.pop("completed")

        delayed = d.pop("delayed")

        device_id = d.pop("deviceId")

        failed = d.pop("failed")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = QueueItem.from_dict(messages_item_data)

            messages.append(messages_item)

        paused = d.pop("paused")

        queue_paused = d.pop("queuePaused")

        queue_size = d.pop("queueSize")

        stats = QueueCounts.from_dict(d.pop("stats"))

        status = d.pop("status")

        waiting = d.pop("waiting")

        envelope_queue_overview_data = cls(
            active=active,
            completed=completed,
            delayed=delayed,
            device_id=device_id,
            failed=failed,
            messages=messages,
            paused=paused,
            queue_paused=queue_paused,
            queue_size=queue_size,
            stats=stats,
            status=status,
            waiting=waiting,
        )

        envelope_queue_overview_data.additional_properties = d
        return envelope_queue_overview_data

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
