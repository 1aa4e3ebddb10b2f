from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvelopeVecApiKeyDataItem")


@_attrs_define
class EnvelopeVecApiKeyDataItem:
    """A per-device key for machine clients. Only a hash of the secret is stored.

    Attributes:
        created_at (datetime.datetime):
        created_by (int):
        device_id (str):
        id (int):
        name (str):
        prefix (str): The first characters of the key, to tell keys apart in lists.
        last_used_at (datetime.datetime | None | Unset): The key's latest use, to the minute (written at most once a
            minute).
    """

    created_at: datetime.datetime
    created_by: int
    device_id: str
    id: int
    name: str
    prefix: str
    last_used_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        created_by = self.created_by

        device_id = self.device_id

        id = self.id

        name = self.name

        prefix = self.prefix

        last_used_at: None | str | Unset
        if isinstance(self.last_used_at, Unset):
            last_used_at = UNSET
        elif isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "createdBy": created_by,
                "deviceId": device_id,
                "id": id,
                "name": name,
                "prefix": prefix,
            }
        )
        if last_used_at is not UNSET:
            field_dict["lastUsedAt"] = last_used_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        created_by = d.pop("createdBy")

        device_id = d.pop("deviceId")

        id = d.pop("id")

        name = d.pop("name")

        prefix = d.pop("prefix")

        def _parse_last_used_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_used_at = _parse_last_used_at(d.pop("lastUsedAt", UNSET))

        envelope_vec_api_key_data_item = cls(
            created_at=created_at,
            created_by=created_by,
            device_id=device_id,
            id=id,
            name=name,
            prefix=prefix,
            last_used_at=last_used_at,
        )

        envelope_vec_api_key_data_item.additional_properties = d
        return envelope_vec_api_key_data_item

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
