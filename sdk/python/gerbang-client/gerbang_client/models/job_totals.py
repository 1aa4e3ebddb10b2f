from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.job_totals_by_status import JobTotalsByStatus


T = TypeVar("T", bound="JobTotals")


@_attrs_define
class JobTotals:
    """
    Attributes:
        by_status (JobTotalsByStatus): Jobs created in the period by status (`running`, `completed`, ...).
        total (int):
    """

    by_status: JobTotalsByStatus
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_status = self.by_status.to_dict()

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "byStatus": by_status,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_totals_by_status import JobTotalsByStatus  # noqa: PLC0415

        d = dict(src_dict)
        by_status = JobTotalsByStatus.from_dict(d.pop("byStatus"))

        total = d.pop("total")

        job_totals = cls(
            by_status=by_status,
            total=total,
        )

        job_totals.additional_properties = d
        return job_totals

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
