from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ImportJson")


@_attrs_define
class ImportJson:
    """The JSON form of the import: the CSV as text, with the options beside it.

    Attributes:
        csv (str):
        category_column (None | str | Unset): Category names, separated by `;` or `|`; missing ones are created
            (default:
            `category`, `kategori`, `grup`).
        category_id (int | None | Unset): A category every imported contact joins.
        delimiter (None | str | Unset): `,` `;` or `tab` (default: guessed from the header line).
        field_columns (None | str | Unset): Columns that become custom fields, comma-separated (default: every other
            column).
        name_column (None | str | Unset): The header of the name column (default: `name`, `nama`, `nama lengkap`, …).
        notes_column (None | str | Unset): Default: `notes`, `catatan`, `keterangan`.
        phone_column (None | str | Unset): The header of the phone column (default: `phone`, `nomor`, `telepon`, `hp`,
            `wa`, …).
        tags (None | str | Unset): Tags every imported contact gets, comma-separated.
        tags_column (None | str | Unset): Tags, separated by `,`, `;` or `|` (default: `tags`, `tag`, `label`).
        user_id (int | None | Unset):
    """

    csv: str
    category_column: None | str | Unset = UNSET
    category_id: int | None | Unset = UNSET
    delimiter: None | str | Unset = UNSET
    field_columns: None | str | Unset = UNSET
    name_column: None | str | Unset = UNSET
    notes_column: None | str | Unset = UNSET
    phone_column: None | str | Unset = UNSET
    tags: None | str | Unset = UNSET
    tags_column: None | str | Unset = UNSET
    user_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        csv = self.csv

        category_column: None | str | Unset
        if isinstance(self.category_column, Unset):
            category_column = UNSET
        else:
            category_column = self.category_column

        category_id: int | None | Unset
        if isinstance(self.category_id, Unset):
            category_id = UNSET
        else:
            category_id = self.category_id

        delimiter: None | str | Unset
        if isinstance(self.delimiter, Unset):
            delimiter = UNSET
        else:
            delimiter = self.delimiter

        field_columns: None | str | Unset
        if isinstance(self.field_columns, Unset):
            field_columns = UNSET
        else:
            field_columns = self.field_columns

        name_column: None | str | Unset
        if isinstance(self.name_column, Unset):
            name_column = UNSET
        else:
            name_column = self.name_column

        notes_column: None | str | Unset
        if isinstance(self.notes_column, Unset):
            notes_column = UNSET
        else:
            notes_column = self.notes_column

        phone_column: None | str | Unset
        if isinstance(self.phone_column, Unset):
            phone_column = UNSET
        else:
            phone_column = self.phone_column

        tags: None | str | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        else:
            tags = self.tags

        tags_column: None | str | Unset
        if isinstance(self.tags_column, Unset):
            tags_column = UNSET
        else:
            tags_column = self.tags_column

        user_id: int | None | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "csv": csv,
            }
        )
        if category_column is not UNSET:
            field_dict["categoryColumn"] = category_column
        if category_id is not UNSET:
            field_dict["categoryId"] = category_id
        if delimiter is not UNSET:
            field_dict["delimiter"] = delimiter
        if field_columns is not UNSET:
            field_dict["fieldColumns"] = field_columns
        if name_column is not UNSET:
            field_dict["nameColumn"] = name_column
        if notes_column is not UNSET:
            field_dict["notesColumn"] = notes_column
        if phone_column is not UNSET:
            field_dict["phoneColumn"] = phone_column
        if tags is not UNSET:
            field_dict["tags"] = tags
        if tags_column is not UNSET:
            field_dict["tagsColumn"] = tags_column
        if user_id is not UNSET:
            field_dict["userId"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        csv = d.pop("csv")

        def _parse_category_column(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category_column = _parse_category_column(d.pop("categoryColumn", UNSET))

        def _parse_category_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        category_id = _parse_category_id(d.pop("categoryId", UNSET))

        def _parse_delimiter(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        delimiter = _parse_delimiter(d.pop("delimiter", UNSET))

        def _parse_field_columns(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        field_columns = _parse_field_columns(d.pop("fieldColumns", UNSET))

        def _parse_name_column(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name_column = _parse_name_column(d.pop("nameColumn", UNSET))

        def _parse_notes_column(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes_column = _parse_notes_column(d.pop("notesColumn", UNSET))

        def _parse_phone_column(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_column = _parse_phone_column(d.pop("phoneColumn", UNSET))

        def _parse_tags(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_tags_column(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tags_column = _parse_tags_column(d.pop("tagsColumn", UNSET))

        def _parse_user_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        user_id = _parse_user_id(d.pop("userId", UNSET))

        import_json = cls(
            csv=csv,
            category_column=category_column,
            category_id=category_id,
            delimiter=delimiter,
            field_columns=field_columns,
            name_column=name_column,
            notes_column=notes_column,
            phone_column=phone_column,
            tags=tags,
            tags_column=tags_column,
            user_id=user_id,
        )

        import_json.additional_properties = d
        return import_json

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
