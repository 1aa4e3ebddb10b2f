from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.device_status import DeviceStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.qr_code import QrCode


T = TypeVar("T", bound="EnvelopeConnectResultData")


@_attrs_define
class EnvelopeConnectResultData:
    """
    Attributes:
        device_id (str):
        simulated (bool): True when the device runs on the simulator: nothing reaches WhatsApp.
        status (DeviceStatus):
        phone_number (None | str | Unset):
        qr (None | QrCode | Unset):
    """

    device_id: str
    simulated: bool
    status: DeviceStatus
    phone_number: None | str | Unset = UNSET
    qr: None | QrCode | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.qr_code import QrCode  # noqa: PLC0415

        device_id = self.device_id

        simulated = self.simulated

        status = self.status.value

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

        qr: dict[str, Any] | None | Unset
        if isinstance(self.qr, Unset):
            qr = UNSET
        elif isinstance(self.qr, QrCode):
            qr = self.qr.to_dict()
        else:
            qr = self.qr

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "simulated": simulated,
                "status": status,
            }
        )
        if phone_number is not UNSET:
            field_dict["phoneNumber"] = phone_number
        if qr is not UNSET:
            field_dict["qr"] = qr

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.qr_code import QrCode  # noqa: PLC0415

        d = dict(src_dict)
        device_id = d.pop("deviceId")

        simulated = d.pop("simulated")

        status = DeviceStatus(d.pop("status"))

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phoneNumber", UNSET))

        def _parse_qr(data: object) -> None | QrCode | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                qr_type_1 = QrCode.from_dict(data)

                return qr_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QrCode | Unset, data)

        qr = _parse_qr(d.pop("qr", UNSET))

        envelope_connect_result_data = cls(
            device_id=device_id,
            simulated=simulated,
            status=status,
            phone_number=phone_number,
            qr=qr,
        )

        envelope_connect_result_data.additional_properties = d
        return envelope_connect_result_data

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
