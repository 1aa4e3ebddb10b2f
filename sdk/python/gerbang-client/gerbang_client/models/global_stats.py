from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.statistics import Statistics
    from ..models.tally import Tally
    from ..models.user_counts import UserCounts


T = TypeVar("T", bound="GlobalStats")


@_attrs_define
class GlobalStats:
    """The whole system: counts now, and the period's statistics over every device.

    Attributes:
        devices (Tally):
        jobs (Tally):
        messages (int): Every message ever stored (edits, deletions and reactions not counted).
        period (Statistics): Statistics of a device or of all of a user's devices over a period.
        users (UserCounts):
    """

    devices: Tally
    jobs: Tally
    messages: int
    period: Statistics
    users: UserCounts
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        devices = self.devices.to_dict()

        jobs = self.jobs.to_dict()

        messages = self.messages

        period = self.period.to_dict()

        users = self.users.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "devices": devices,
                "jobs": jobs,
                "messages": messages,
                "period": period,
                "users": users,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.statistics import Statistics  # noqa: PLC0415
        from ..models.tally import Tally  # noqa: PLC0415
        from ..models.user_counts import UserCounts  # noqa: PLC0415

        d = dict(src_dict)
        devices = Tally.from_dict(d.pop("devices"))

        jobs = Tally.from_dict(d.pop("jobs"))

        messages = d.pop("messages")

        period = Statistics.from_dict(d.pop("period"))

        users = UserCounts.from_dict(d.pop("users"))

        global_stats = cls(
            devices=devices,
            jobs=jobs,
            messages=messages,
            period=period,
            users=users,
        )

        global_stats.additional_properties = d
        return global_stats

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
