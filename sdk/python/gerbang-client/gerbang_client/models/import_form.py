from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="ImportForm")


@_attrs_define
class ImportForm:
    """The multipart form of the import.

    Attributes:
        file (File): The CSV file (UTF-8; `,`, `;` or tab separated; the first row is the header).
        phone_column (None | str | Unset): Any import option (`phoneColumn`, `nameColumn`, `tags`, …) as a text part.
    """

    file: File
    phone_column: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        phone_column: None | str | Unset
        if isinstance(self.phone_column, Unset):
            phone_column = UNSET
        else:
            phone_column = self.phone_column

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if phone_column is not UNSET:
            field_dict["phone_column"] = phone_column

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.phone_column, Unset):
            if isinstance(self.phone_column, str):
                files.append(("phone_column", (None, str(self.phone_column).encode(), "text/plain")))
            else:
                files.append(("phone_column", (None, str(self.phone_column).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        def _parse_phone_column(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_column = _parse_phone_column(d.pop("phone_column", UNSET))

        import_form = cls(
            file=file,
            phone_column=phone_column,
        )

        import_form.additional_properties = d
        return import_form

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
