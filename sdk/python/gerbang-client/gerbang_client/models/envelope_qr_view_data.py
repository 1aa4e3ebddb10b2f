from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvelopeQrViewData")


@_attrs_define
class EnvelopeQrViewData:
    """
    Attributes:
        code (str): The text to encode in the QR image.
        expires_at (datetime.datetime):
        index (int): 0 for the first code; WhatsApp gives six.
        device_id (str):
        qr_image (None | str | Unset): Present on the image routes: a `data:image/png;base64,…` URL.
    """

    code: str
    expires_at: datetime.datetime
    index: int
    device_id: str
    qr_image: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        expires_at = self.expires_at.isoformat()

        index = self.index

        device_id = self.device_id

        qr_image: None | str | Unset
        if isinstance(self.qr_image, Unset):
            qr_image = UNSET
        else:
            qr_image = self.qr_image

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "expiresAt": expires_at,
                "index": index,
                "deviceId": device_id,
            }
        )
        if qr_image is not UNSET:
            field_dict["qrImage"] = qr_image

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        index = d.pop("index")

        device_id = d.pop("deviceId")

        def _parse_qr_image(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        qr_image = _parse_qr_image(d.pop("qrImage", UNSET))

        envelope_qr_view_data = cls(
            code=code,
            expires_at=expires_at,
            index=index,
            device_id=device_id,
            qr_image=qr_image,
        )

        envelope_qr_view_data.additional_properties = d
        return envelope_qr_view_data

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
