from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_input_fields import ContactInputFields


T = TypeVar("T", bound="ContactInput")


@_attrs_define
class ContactInput:
    """
    Attributes:
        phone (str): `0812…`, `+62 812-…` or digits with the country code; stored as digits (`62812…`).
            Also accepted as `phoneNumber` or `number`.
        category_ids (list[int] | Unset): Ids of the owner's categories.
        fields (ContactInputFields | Unset): Custom fields, each a text value: `{"kota": "Bandung"}`.
        name (str | Unset):
        notes (None | str | Unset):
        tags (list[str] | Unset):
        user_id (int | None | Unset):
    """

    phone: str
    category_ids: list[int] | Unset = UNSET
    fields: ContactInputFields | Unset = UNSET
    name: str | Unset = UNSET
    notes: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    user_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        phone = self.phone

        category_ids: list[int] | Unset = UNSET
        if not isinstance(self.category_ids, Unset):
            category_ids = self.category_ids

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        name = self.name

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        user_id: int | None | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "phone": phone,
            }
        )
        if category_ids is not UNSET:
            field_dict["categoryIds"] = category_ids
        if fields is not UNSET:
            field_dict["fields"] = fields
        if name is not UNSET:
            field_dict["name"] = name
        if notes is not UNSET:
            field_dict["notes"] = notes
        if tags is not UNSET:
            field_dict["tags"] = tags
        if user_id is not UNSET:
            field_dict["userId"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_input_fields import ContactInputFields  # noqa: PLC0415

        d = dict(src_dict)
        phone = d.pop("phone")

        category_ids = cast(list[int], d.pop("categoryIds", UNSET))

        _fields = d.pop("fields", UNSET)
        fields: ContactInputFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = ContactInputFields.from_dict(_fields)

        name = d.pop("name", UNSET)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_user_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        user_id = _parse_user_id(d.pop("userId", UNSET))

        contact_input = cls(
            phone=phone,
            category_ids=category_ids,
            fields=fields,
            name=name,
            notes=notes,
            tags=tags,
            user_id=user_id,
        )

        contact_input.additional_properties = d
        return contact_input

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
