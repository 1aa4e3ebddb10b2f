from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.b_tree_map import BTreeMap
    from ..models.category_ref import CategoryRef


T = TypeVar("T", bound="EnvelopeContactData")


@_attrs_define
class EnvelopeContactData:
    """
    Attributes:
        categories (list[CategoryRef]):
        created_at (datetime.datetime):
        fields (BTreeMap):
        id (int):
        name (str):
        phone (str): Digits with the country code (`6281234567890`).
        tags (list[str]): Lower-case, sorted.
        updated_at (datetime.datetime):
        user_id (int):
        notes (None | str | Unset):
    """

    categories: list[CategoryRef]
    created_at: datetime.datetime
    fields: BTreeMap
    id: int
    name: str
    phone: str
    tags: list[str]
    updated_at: datetime.datetime
    user_id: int
    notes: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        categories = []
        for categories_item_data in self.categories:
            categories_item = categories_item_data.to_dict()
            categories.append(categories_item)

        created_at = self.created_at.isoformat()

        fields = self.fields.to_dict()

        id = self.id

        name = self.name

        phone = self.phone

        tags = self.tags

        updated_at = self.updated_at.isoformat()

        user_id = self.user_id

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "categories": categories,
                "createdAt": created_at,
                "fields": fields,
                "id": id,
                "name": name,
                "phone": phone,
                "tags": tags,
                "updatedAt": updated_at,
                "userId": user_id,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.b_tree_map import BTreeMap  # noqa: PLC0415
        from ..models.category_ref import CategoryRef  # noqa: PLC0415

        d = dict(src_dict)
        categories = []
        _categories = d.pop("categories")
        for categories_item_data in _categories:
            categories_item = CategoryRef.from_dict(categories_item_data)

            categories.append(categories_item)

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        fields = BTreeMap.from_dict(d.pop("fields"))

        id = d.pop("id")

        name = d.pop("name")

        phone = d.pop("phone")

        tags = cast(list[str], d.pop("tags"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        user_id = d.pop("userId")

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        envelope_contact_data = cls(
            categories=categories,
            created_at=created_at,
            fields=fields,
            id=id,
            name=name,
            phone=phone,
            tags=tags,
            updated_at=updated_at,
            user_id=user_id,
            notes=notes,
        )

        envelope_contact_data.additional_properties = d
        return envelope_contact_data

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
