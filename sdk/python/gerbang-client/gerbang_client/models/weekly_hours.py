from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.time_range import TimeRange


T = TypeVar("T", bound="WeeklyHours")


@_attrs_define
class WeeklyHours:
    """Opening hours per weekday; a day without ranges is closed.

    Attributes:
        fri (list[TimeRange] | Unset):
        mon (list[TimeRange] | Unset):
        sat (list[TimeRange] | Unset):
        sun (list[TimeRange] | Unset):
        thu (list[TimeRange] | Unset):
        tue (list[TimeRange] | Unset):
        wed (list[TimeRange] | Unset):
    """

    fri: list[TimeRange] | Unset = UNSET
    mon: list[TimeRange] | Unset = UNSET
    sat: list[TimeRange] | Unset = UNSET
    sun: list[TimeRange] | Unset = UNSET
    thu: list[TimeRange] | Unset = UNSET
    tue: list[TimeRange] | Unset = UNSET
    wed: list[TimeRange] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fri: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.fri, Unset):
            fri = []
            for fri_item_data in self.fri:
                fri_item = fri_item_data.to_dict()
                fri.append(fri_item)

        mon: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.mon, Unset):
            mon = []
            for mon_item_data in self.mon:
                mon_item = mon_item_data.to_dict()
                mon.append(mon_item)

        sat: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sat, Unset):
            sat = []
            for sat_item_data in self.sat:
                sat_item = sat_item_data.to_dict()
                sat.append(sat_item)

        sun: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sun, Unset):
            sun = []
            for sun_item_data in self.sun:
                sun_item = sun_item_data.to_dict()
                sun.append(sun_item)

        thu: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.thu, Unset):
            thu = []
            for thu_item_data in self.thu:
                thu_item = thu_item_data.to_dict()
                thu.append(thu_item)

        tue: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tue, Unset):
            tue = []
            for tue_item_data in self.tue:
                tue_item = tue_item_data.to_dict()
                tue.append(tue_item)

        wed: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.wed, Unset):
            wed = []
            for wed_item_data in self.wed:
                wed_item = wed_item_data.to_dict()
                wed.append(wed_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fri is not UNSET:
            field_dict["fri"] = fri
        if mon is not UNSET:
            field_dict["mon"] = mon
        if sat is not UNSET:
            field_dict["sat"] = sat
        if sun is not UNSET:
            field_dict["sun"] = sun
        if thu is not UNSET:
            field_dict["thu"] = thu
        if tue is not UNSET:
            field_dict["tue"] = tue
        if wed is not UNSET:
            field_dict["wed"] = wed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.time_range import TimeRange  # noqa: PLC0415

        d = dict(src_dict)
        _fri = d.pop("fri", UNSET)
        fri: list[TimeRange] | Unset = UNSET
        if _fri is not UNSET:
            fri = []
            for fri_item_data in _fri:
                fri_item = TimeRange.from_dict(fri_item_data)

                fri.append(fri_item)

        _mon = d.pop("mon", UNSET)
        mon: list[TimeRange] | Unset = UNSET
        if _mon is not UNSET:
            mon = []
            for mon_item_data in _mon:
                mon_item = TimeRange.from_dict(mon_item_data)

                mon.append(mon_item)

        _sat = d.pop("sat", UNSET)
        sat: list[TimeRange] | Unset = UNSET
        if _sat is not UNSET:
            sat = []
            for sat_item_data in _sat:
                sat_item = TimeRange.from_dict(sat_item_data)

                sat.append(sat_item)

        _sun = d.pop("sun", UNSET)
        sun: list[TimeRange] | Unset = UNSET
        if _sun is not UNSET:
            sun = []
            for sun_item_data in _sun:
                sun_item = TimeRange.from_dict(sun_item_data)

                sun.append(sun_item)

        _thu = d.pop("thu", UNSET)
        thu: list[TimeRange] | Unset = UNSET
        if _thu is not UNSET:
            thu = []
            for thu_item_data in _thu:
                thu_item = TimeRange.from_dict(thu_item_data)

                thu.append(thu_item)

        _tue = d.pop("tue", UNSET)
        tue: list[TimeRange] | Unset = UNSET
        if _tue is not UNSET:
            tue = []
            for tue_item_data in _tue:
                tue_item = TimeRange.from_dict(tue_item_data)

                tue.append(tue_item)

        _wed = d.pop("wed", UNSET)
        wed: list[TimeRange] | Unset = UNSET
        if _wed is not UNSET:
            wed = []
            for wed_item_data in _wed:
                wed_item = TimeRange.from_dict(wed_item_data)

                wed.append(wed_item)

        weekly_hours = cls(
            fri=fri,
            mon=mon,
            sat=sat,
            sun=sun,
            thu=thu,
            tue=tue,
            wed=wed,
        )

        weekly_hours.additional_properties = d
        return weekly_hours

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
