from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QueueDepth")


@_attrs_define
class QueueDepth:
    """Work waiting for a device.

    Attributes:
        pending_job_recipients (int): Recipients of running or paused jobs not yet sent.
        pending_messages (int): Outbound messages not yet handed to WhatsApp.
        pending_scheduled (int):
    """

    pending_job_recipients: int
    pending_messages: int
    pending_scheduled: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pending_job_recipients = self.pending_job_recipients

        pending_messages = self.pending_messages

        pending_scheduled = self.pending_scheduled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pendingJobRecipients": pending_job_recipients,
                "pendingMessages": pending_messages,
                "pendingScheduled": pending_scheduled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pending_job_recipients = d.pop("pendingJobRecipients")

        pending_messages = d.pop("pendingMessages")

        pending_scheduled = d.pop("pendingScheduled")

        queue_depth = cls(
            pending_job_recipients=pending_job_recipients,
            pending_messages=pending_messages,
            pending_scheduled=pending_scheduled,
        )

        queue_depth.additional_properties = d
        return queue_depth

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
