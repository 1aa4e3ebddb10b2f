from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.default_device_view import DefaultDeviceView
    from ..models.device import Device


T = TypeVar("T", bound="ConfigView")


@_attrs_define
class ConfigView:
    """Seed 000's gateway configuration: here, which device its routes act on.

    Attributes:
        default_device (DefaultDeviceView):
        device (Device | None | Unset):
    """

    default_device: DefaultDeviceView
    device: Device | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.device import Device  # noqa: PLC0415

        default_device = self.default_device.to_dict()

        device: dict[str, Any] | None | Unset
        if isinstance(self.device, Unset):
            device = UNSET
        elif isinstance(self.device, Device):
            device = self.device.to_dict()
        else:
            device = self.device

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "defaultDevice": default_device,
            }
        )
        if device is not UNSET:
            field_dict["device"] = device

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.default_device_view import DefaultDeviceView  # noqa: PLC0415
        from ..models.device import Device  # noqa: PLC0415

        d = dict(src_dict)
        default_device = DefaultDeviceView.from_dict(d.pop("defaultDevice"))

        def _parse_device(data: object) -> Device | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                device_type_1 = Device.from_dict(data)

                return device_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Device | None | Unset, data)

        device = _parse_device(d.pop("device", UNSET))

        config_view = cls(
            default_device=default_device,
            device=device,
        )

        config_view.additional_properties = d
        return config_view

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
