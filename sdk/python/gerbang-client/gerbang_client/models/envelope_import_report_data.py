from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.import_mapping import ImportMapping
    from ..models.row_error import RowError


T = TypeVar("T", bound="EnvelopeImportReportData")


@_attrs_define
class EnvelopeImportReportData:
    """
    Attributes:
        created (int):
        errors (list[RowError]): Rejected rows in file order (at most 5,000 listed).
        errors_truncated (bool):
        mapping (ImportMapping):
        merged (int): Rows folded into an earlier row with the same number.
        rejected (int):
        rows (int): Data rows read (the header not counted).
        updated (int): Existing contacts the file added to.
    """

    created: int
    errors: list[RowError]
    errors_truncated: bool
    mapping: ImportMapping
    merged: int
    rejected: int
    rows: int
    updated: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        errors_truncated = self.errors_truncated

        mapping = self.mapping.to_dict()

        merged = self.merged

        rejected = self.rejected

        rows = self.rows

        updated = self.updated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "errors": errors,
                "errorsTruncated": errors_truncated,
                "mapping": mapping,
                "merged": merged,
                "rejected": rejected,
                "rows": rows,
                "updated": updated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_mapping import ImportMapping  # noqa: PLC0415
        from ..models.row_error import RowError  # noqa: PLC0415

        d = dict(src_dict)
        created = d.pop("created")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = RowError.from_dict(errors_item_data)

            errors.append(errors_item)

        errors_truncated = d.pop("errorsTruncated")

        mapping = ImportMapping.from_dict(d.pop("mapping"))

        merged = d.pop("merged")

        rejected = d.pop("rejected")

        rows = d.pop("rows")

        updated = d.pop("updated")

        envelope_import_report_data = cls(
            created=created,
            errors=errors,
            errors_truncated=errors_truncated,
            mapping=mapping,
            merged=merged,
            rejected=rejected,
            rows=rows,
            updated=updated,
        )

        envelope_import_report_data.additional_properties = d
        return envelope_import_report_data

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
