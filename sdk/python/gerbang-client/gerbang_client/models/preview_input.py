from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preview_input_variables import PreviewInputVariables


T = TypeVar("T", bound="PreviewInput")


@_attrs_define
class PreviewInput:
    """Whom to render for: a saved contact, and/or values (which win over the contact's).

    Attributes:
        contact_id (int | None | Unset):
        variables (PreviewInputVariables | Unset):
    """

    contact_id: int | None | Unset = UNSET
    variables: PreviewInputVariables | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_id: int | None | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if contact_id is not UNSET:
            field_dict["contactId"] = contact_id
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_input_variables import PreviewInputVariables  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_contact_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        contact_id = _parse_contact_id(d.pop("contactId", UNSET))

        _variables = d.pop("variables", UNSET)
        variables: PreviewInputVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = PreviewInputVariables.from_dict(_variables)

        preview_input = cls(
            contact_id=contact_id,
            variables=variables,
        )

        preview_input.additional_properties = d
        return preview_input

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
