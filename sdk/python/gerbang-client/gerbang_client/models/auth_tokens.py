from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user import User


T = TypeVar("T", bound="AuthTokens")


@_attrs_define
class AuthTokens:
    """A signed-in session: a short-lived access token and the refresh token that renews it.

    Attributes:
        expires_in (int): Seconds until `token` expires.
        refresh_token (str): Single use: each refresh returns a new one.
        token (str): Send as `Authorization: Bearer <token>`.
        user (User): An account as every layer sees it; the password hash never leaves the store except through
            [`crate::store::UserStore::password_hash`].
    """

    expires_in: int
    refresh_token: str
    token: str
    user: User
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_in = self.expires_in

        refresh_token = self.refresh_token

        token = self.token

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expiresIn": expires_in,
                "refreshToken": refresh_token,
                "token": token,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user import User  # noqa: PLC0415

        d = dict(src_dict)
        expires_in = d.pop("expiresIn")

        refresh_token = d.pop("refreshToken")

        token = d.pop("token")

        user = User.from_dict(d.pop("user"))

        auth_tokens = cls(
            expires_in=expires_in,
            refresh_token=refresh_token,
            token=token,
            user=user,
        )

        auth_tokens.additional_properties = d
        return auth_tokens

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
