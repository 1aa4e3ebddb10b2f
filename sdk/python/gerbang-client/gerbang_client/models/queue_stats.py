from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QueueStats")


@_attrs_define
class QueueStats:
    """
    Attributes:
        active (int):
        completed (int):
        delayed (int):
        failed (int):
        paused (int):
        total (int):
        waiting (int):
        device_id (str):
        queue_paused (bool):
    """

    active: int
    completed: int
    delayed: int
    failed: int
    paused: int
    total: int
    waiting: int
    device_id: str
    queue_paused: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        completed = self.completed

        delayed = self.delayed

        failed = self.failed

        paused = self.paused

        total = self.total

        waiting = self.waiting

        device_id = self.device_id

        queue_paused = self.queue_paused

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "completed": completed,
                "delayed": delayed,
                "failed": failed,
                "paused": paused,
                "total": total,
                "waiting": waiting,
                "deviceId": device_id,
                "queuePaused": queue_paused,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        completed = d.pop("completed")

        delayed = d.pop("delayed")

        failed = d.pop("failed")

        paused = d.pop("paused")

        total = d.pop("total")

        waiting = d.pop("waiting")

        device_id = d.pop("deviceId")

        queue_paused = d.pop("queuePaused")

        queue_stats = cls(
            active=active,
            completed=completed,
            delayed=delayed,
            failed=failed,
            paused=paused,
            total=total,
            waiting=waiting,
            device_id=device_id,
            queue_paused=queue_paused,
        )

        queue_stats.additional_properties = d
        return queue_stats

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
