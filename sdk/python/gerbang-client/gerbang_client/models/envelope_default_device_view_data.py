from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.default_source import DefaultSource
from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvelopeDefaultDeviceViewData")


@_attrs_define
class EnvelopeDefaultDeviceViewData:
    """
    Attributes:
        device_id (None | str | Unset): The device device-less routes use now; `null` when none can be chosen.
        global_ (None | str | Unset): The global setting.
        own (None | str | Unset): The caller's own setting (users only).
        source (DefaultSource | None | Unset):
    """

    device_id: None | str | Unset = UNSET
    global_: None | str | Unset = UNSET
    own: None | str | Unset = UNSET
    source: DefaultSource | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        global_: None | str | Unset
        if isinstance(self.global_, Unset):
            global_ = UNSET
        else:
            global_ = self.global_

        own: None | str | Unset
        if isinstance(self.own, Unset):
            own = UNSET
        else:
            own = self.own

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, DefaultSource):
            source = self.source.value
        else:
            source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if device_id is not UNSET:
            field_dict["deviceId"] = device_id
        if global_ is not UNSET:
            field_dict["global"] = global_
        if own is not UNSET:
            field_dict["own"] = own
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("deviceId", UNSET))

        def _parse_global_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        global_ = _parse_global_(d.pop("global", UNSET))

        def _parse_own(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        own = _parse_own(d.pop("own", UNSET))

        def _parse_source(data: object) -> DefaultSource | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_type_1 = DefaultSource(data)

                return source_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DefaultSource | None | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        envelope_default_device_view_data = cls(
            device_id=device_id,
            global_=global_,
            own=own,
            source=source,
        )

        envelope_default_device_view_data.additional_properties = d
        return envelope_default_device_view_data

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
