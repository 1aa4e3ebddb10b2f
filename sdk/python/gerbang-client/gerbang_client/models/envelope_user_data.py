from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvelopeUserData")


@_attrs_define
class EnvelopeUserData:
    """An account as every layer sees it; the password hash never leaves the store except through
    [`crate::store::UserStore::password_hash`].

        Attributes:
            created_at (datetime.datetime):
            email (str):
            full_name (str):
            id (int):
            is_active (bool):
            language (str): Interface language, `en` or `id`.
            role (Role):
            time_zone (str): IANA time zone the dashboard shows dates in, e.g. `Asia/Jakarta`.
            updated_at (datetime.datetime):
            username (str):
            last_login (datetime.datetime | None | Unset):
    """

    created_at: datetime.datetime
    email: str
    full_name: str
    id: int
    is_active: bool
    language: str
    role: Role
    time_zone: str
    updated_at: datetime.datetime
    username: str
    last_login: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email = self.email

        full_name = self.full_name

        id = self.id

        is_active = self.is_active

        language = self.language

        role = self.role.value

        time_zone = self.time_zone

        updated_at = self.updated_at.isoformat()

        username = self.username

        last_login: None | str | Unset
        if isinstance(self.last_login, Unset):
            last_login = UNSET
        elif isinstance(self.last_login, datetime.datetime):
            last_login = self.last_login.isoformat()
        else:
            last_login = self.last_login

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "email": email,
                "fullName": full_name,
                "id": id,
                "isActive": is_active,
                "language": language,
                "role": role,
                "timeZone": time_zone,
                "updatedAt": updated_at,
                "username": username,
            }
        )
        if last_login is not UNSET:
            field_dict["lastLogin"] = last_login

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        email = d.pop("email")

        full_name = d.pop("fullName")

        id = d.pop("id")

        is_active = d.pop("isActive")

        language = d.pop("language")

        role = Role(d.pop("role"))

        time_zone = d.pop("timeZone")

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        username = d.pop("username")

        def _parse_last_login(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_login_type_0 = datetime.datetime.fromisoformat(data)

                return last_login_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_login = _parse_last_login(d.pop("lastLogin", UNSET))

        envelope_user_data = cls(
            created_at=created_at,
            email=email,
            full_name=full_name,
            id=id,
            is_active=is_active,
            language=language,
            role=role,
            time_zone=time_zone,
            updated_at=updated_at,
            username=username,
            last_login=last_login,
        )

        envelope_user_data.additional_properties = d
        return envelope_user_data

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
