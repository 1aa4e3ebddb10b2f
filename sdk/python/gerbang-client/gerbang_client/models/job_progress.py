from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JobProgress")


@_attrs_define
class JobProgress:
    """
    Attributes:
        cancelled (int):
        failed (int):
        pending (int): Not yet tried.
        sent (int):
        skipped (int):
        total (int):
        uncertain (int):
    """

    cancelled: int
    failed: int
    pending: int
    sent: int
    skipped: int
    total: int
    uncertain: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancelled = self.cancelled

        failed = self.failed

        pending = self.pending

        sent = self.sent

        skipped = self.skipped

        total = self.total

        uncertain = self.uncertain

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancelled": cancelled,
                "failed": failed,
                "pending": pending,
                "sent": sent,
                "skipped": skipped,
                "total": total,
                "uncertain": uncertain,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancelled = d.pop("cancelled")

        failed = d.pop("failed")

        pending = d.pop("pending")

        sent = d.pop("sent")

        skipped = d.pop("skipped")

        total = d.pop("total")

        uncertain = d.pop("uncertain")

        job_progress = cls(
            cancelled=cancelled,
            failed=failed,
            pending=pending,
            sent=sent,
            skipped=skipped,
            total=total,
            uncertain=uncertain,
        )

        job_progress.additional_properties = d
        return job_progress

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
