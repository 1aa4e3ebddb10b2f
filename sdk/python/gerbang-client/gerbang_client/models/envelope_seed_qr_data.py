from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EnvelopeSeedQrData")


@_attrs_define
class EnvelopeSeedQrData:
    """A QR code with its image, as seed 000/002/004 clients read it (`qrCode` is a PNG data URL).

    Attributes:
        device_id (str):
        expires_at (datetime.datetime):
        index (int):
        qr (str): The text in the code (render it yourself if you prefer).
        qr_code (str): `data:image/png;base64,…`
        timestamp (datetime.datetime):
    """

    device_id: str
    expires_at: datetime.datetime
    index: int
    qr: str
    qr_code: str
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        expires_at = self.expires_at.isoformat()

        index = self.index

        qr = self.qr

        qr_code = self.qr_code

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "expiresAt": expires_at,
                "index": index,
                "qr": qr,
                "qrCode": qr_code,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_id = d.pop("deviceId")

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        index = d.pop("index")

        qr = d.pop("qr")

        qr_code = d.pop("qrCode")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        envelope_seed_qr_data = cls(
            device_id=device_id,
            expires_at=expires_at,
            index=index,
            qr=qr,
            qr_code=qr_code,
            timestamp=timestamp,
        )

        envelope_seed_qr_data.additional_properties = d
        return envelope_seed_qr_data

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
