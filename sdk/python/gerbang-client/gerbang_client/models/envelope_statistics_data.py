from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.counts import Counts
    from ..models.day_counts import DayCounts
    from ..models.hour_counts import HourCounts
    from ..models.job_totals import JobTotals
    from ..models.responses import Responses


T = TypeVar("T", bound="EnvelopeStatisticsData")


@_attrs_define
class EnvelopeStatisticsData:
    """Statistics of a device or of all of a user's devices over a period.

    Attributes:
        active_chats (int): Chats with at least one message in the period.
        daily (list[DayCounts]): Every day of the period, oldest first (days without messages included).
        from_ (datetime.date):
        hourly (list[HourCounts]): The 24 local hours.
        jobs (JobTotals):
        responses (Responses):
        time_zone (str):
        to (datetime.date):
        totals (Counts): Sent, received and failed messages of one day or hour.
    """

    active_chats: int
    daily: list[DayCounts]
    from_: datetime.date
    hourly: list[HourCounts]
    jobs: JobTotals
    responses: Responses
    time_zone: str
    to: datetime.date
    totals: Counts
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active_chats = self.active_chats

        daily = []
        for daily_item_data in self.daily:
            daily_item = daily_item_data.to_dict()
            daily.append(daily_item)

        from_ = self.from_.isoformat()

        hourly = []
        for hourly_item_data in self.hourly:
            hourly_item = hourly_item_data.to_dict()
            hourly.append(hourly_item)

        jobs = self.jobs.to_dict()

        responses = self.responses.to_dict()

        time_zone = self.time_zone

        to = self.to.isoformat()

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activeChats": active_chats,
                "daily": daily,
                "from": from_,
                "hourly": hourly,
                "jobs": jobs,
                "responses": responses,
                "timeZone": time_zone,
                "to": to,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.counts import Counts  # noqa: PLC0415
        from ..models.day_counts import DayCounts  # noqa: PLC0415
        from ..models.hour_counts import HourCounts  # noqa: PLC0415
        from ..models.job_totals import JobTotals  # noqa: PLC0415
        from ..models.responses import Responses  # noqa: PLC0415

        d = dict(src_dict)
        active_chats = d.pop("activeChats")

        daily = []
        _daily = d.pop("daily")
        for daily_item_data in _daily:
            daily_item = DayCounts.from_dict(daily_item_data)

            daily.append(daily_item)

        from_ = datetime.date.fromisoformat(d.pop("from"))

        hourly = []
        _hourly = d.pop("hourly")
        for hourly_item_data in _hourly:
            hourly_item = HourCounts.from_dict(hourly_item_data)

            hourly.append(hourly_item)

        jobs = JobTotals.from_dict(d.pop("jobs"))

        responses = Responses.from_dict(d.pop("responses"))

        time_zone = d.pop("timeZone")

        to = datetime.date.fromisoformat(d.pop("to"))

        totals = Counts.from_dict(d.pop("totals"))

        envelope_statistics_data = cls(
            active_chats=active_chats,
            daily=daily,
            from_=from_,
            hourly=hourly,
            jobs=jobs,
            responses=responses,
            time_zone=time_zone,
            to=to,
            totals=totals,
        )

        envelope_statistics_data.additional_properties = d
        return envelope_statistics_data

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
