from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EnvelopePhotoInfoData")


@_attrs_define
class EnvelopePhotoInfoData:
    """
    Attributes:
        mime (str):
        size (int):
        updated_at (datetime.datetime):
    """

    mime: str
    size: int
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mime = self.mime

        size = self.size

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mime": mime,
                "size": size,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mime = d.pop("mime")

        size = d.pop("size")

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        envelope_photo_info_data = cls(
            mime=mime,
            size=size,
            updated_at=updated_at,
        )

        envelope_photo_info_data.additional_properties = d
        return envelope_photo_info_data

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
