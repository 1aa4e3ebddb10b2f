from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DayCounts")


@_attrs_define
class DayCounts:
    """
    Attributes:
        failed (int):
        received (int):
        sent (int): Outbound messages that did not fail.
        date (datetime.date):
    """

    failed: int
    received: int
    sent: int
    date: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        failed = self.failed

        received = self.received

        sent = self.sent

        date = self.date.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "failed": failed,
                "received": received,
                "sent": sent,
                "date": date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        failed = d.pop("failed")

        received = d.pop("received")

        sent = d.pop("sent")

        date = datetime.date.fromisoformat(d.pop("date"))

        day_counts = cls(
            failed=failed,
            received=received,
            sent=sent,
            date=date,
        )

        day_counts.additional_properties = d
        return day_counts

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
