from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateUserInput")


@_attrs_define
class CreateUserInput:
    """
    Attributes:
        email (str):
        password (str):
        username (str):
        full_name (str | Unset):
        is_active (bool | Unset):
        role (Role | Unset):
    """

    email: str
    password: str
    username: str
    full_name: str | Unset = UNSET
    is_active: bool | Unset = UNSET
    role: Role | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        username = self.username

        full_name = self.full_name

        is_active = self.is_active

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "password": password,
                "username": username,
            }
        )
        if full_name is not UNSET:
            field_dict["fullName"] = full_name
        if is_active is not UNSET:
            field_dict["isActive"] = is_active
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        username = d.pop("username")

        full_name = d.pop("fullName", UNSET)

        is_active = d.pop("isActive", UNSET)

        _role = d.pop("role", UNSET)
        role: Role | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = Role(_role)

        create_user_input = cls(
            email=email,
            password=password,
            username=username,
            full_name=full_name,
            is_active=is_active,
            role=role,
        )

        create_user_input.additional_properties = d
        return create_user_input

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
