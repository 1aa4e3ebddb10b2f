from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EnvelopeQueueChangeData")


@_attrs_define
class EnvelopeQueueChangeData:
    """How many messages an action touched.

    Attributes:
        count (int): How many messages were removed, paused or resumed.
        device_id (str):
        message (str):
        queue_paused (bool):
    """

    count: int
    device_id: str
    message: str
    queue_paused: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        device_id = self.device_id

        message = self.message

        queue_paused = self.queue_paused

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "deviceId": device_id,
                "message": message,
                "queuePaused": queue_paused,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        device_id = d.pop("deviceId")

        message = d.pop("message")

        queue_paused = d.pop("queuePaused")

        envelope_queue_change_data = cls(
            count=count,
            device_id=device_id,
            message=message,
            queue_paused=queue_paused,
        )

        envelope_queue_change_data.additional_properties = d
        return envelope_queue_change_data

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
