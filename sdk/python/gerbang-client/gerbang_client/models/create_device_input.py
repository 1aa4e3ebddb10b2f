from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.engine_kind import EngineKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateDeviceInput")


@_attrs_define
class CreateDeviceInput:
    """
    Attributes:
        device_name (str):
        device_id (None | str | Unset): A custom identifier (3–64 of `A-Z a-z 0-9 - _`); generated when absent.
        engine (EngineKind | None | Unset):
        user_id (int | None | Unset):
    """

    device_name: str
    device_id: None | str | Unset = UNSET
    engine: EngineKind | None | Unset = UNSET
    user_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_name = self.device_name

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        engine: None | str | Unset
        if isinstance(self.engine, Unset):
            engine = UNSET
        elif isinstance(self.engine, EngineKind):
            engine = self.engine.value
        else:
            engine = self.engine

        user_id: int | None | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceName": device_name,
            }
        )
        if device_id is not UNSET:
            field_dict["deviceId"] = device_id
        if engine is not UNSET:
            field_dict["engine"] = engine
        if user_id is not UNSET:
            field_dict["userId"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_name = d.pop("deviceName")

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("deviceId", UNSET))

        def _parse_engine(data: object) -> EngineKind | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                engine_type_1 = EngineKind(data)

                return engine_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EngineKind | None | Unset, data)

        engine = _parse_engine(d.pop("engine", UNSET))

        def _parse_user_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        user_id = _parse_user_id(d.pop("userId", UNSET))

        create_device_input = cls(
            device_name=device_name,
            device_id=device_id,
            engine=engine,
            user_id=user_id,
        )

        create_device_input.additional_properties = d
        return create_device_input

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
