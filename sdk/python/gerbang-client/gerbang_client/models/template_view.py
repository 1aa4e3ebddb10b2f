from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.variable import Variable


T = TypeVar("T", bound="TemplateView")


@_attrs_define
class TemplateView:
    """
    Attributes:
        body (str):
        created_at (datetime.datetime):
        id (int):
        name (str):
        updated_at (datetime.datetime):
        user_id (int):
        variables (list[Variable]): The `{{variables}}` the body uses, with their defaults.
    """

    body: str
    created_at: datetime.datetime
    id: int
    name: str
    updated_at: datetime.datetime
    user_id: int
    variables: list[Variable]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        updated_at = self.updated_at.isoformat()

        user_id = self.user_id

        variables = []
        for variables_item_data in self.variables:
            variables_item = variables_item_data.to_dict()
            variables.append(variables_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "body": body,
                "createdAt": created_at,
                "id": id,
                "name": name,
                "updatedAt": updated_at,
                "userId": user_id,
                "variables": variables,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.variable import Variable  # noqa: PLC0415

        d = dict(src_dict)
        body = d.pop("body")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        id = d.pop("id")

        name = d.pop("name")

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        user_id = d.pop("userId")

        variables = []
        _variables = d.pop("variables")
        for variables_item_data in _variables:
            variables_item = Variable.from_dict(variables_item_data)

            variables.append(variables_item)

        template_view = cls(
            body=body,
            created_at=created_at,
            id=id,
            name=name,
            updated_at=updated_at,
            user_id=user_id,
            variables=variables,
        )

        template_view.additional_properties = d
        return template_view

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
