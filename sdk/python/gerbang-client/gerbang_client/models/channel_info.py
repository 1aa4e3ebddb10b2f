from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelInfo")


@_attrs_define
class ChannelInfo:
    """A channel as WhatsApp describes it to this account.

    Attributes:
        jid (str):  Example: 120363012345678901@newsletter.
        name (str):  Example: Info Promo Toko.
        state (str): `active`, `suspended` or `geosuspended`. Example: active.
        subscribers (int):
        verified (bool): WhatsApp's verified badge.
        created_at (int | None | Unset): Unix seconds.
        description (None | str | Unset):
        invite_code (None | str | Unset): The code of the channel's invite link, `https://whatsapp.com/channel/<code>`.
            Example: 0029VaAbCdEfGhIjKlMnOp12.
        role (None | str | Unset): This account's role: `owner`, `admin`, `subscriber` (following) or `guest` (not).
            Example: subscriber.
    """

    jid: str
    name: str
    state: str
    subscribers: int
    verified: bool
    created_at: int | None | Unset = UNSET
    description: None | str | Unset = UNSET
    invite_code: None | str | Unset = UNSET
    role: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        jid = self.jid

        name = self.name

        state = self.state

        subscribers = self.subscribers

        verified = self.verified

        created_at: int | None | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        else:
            created_at = self.created_at

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        invite_code: None | str | Unset
        if isinstance(self.invite_code, Unset):
            invite_code = UNSET
        else:
            invite_code = self.invite_code

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        else:
            role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "jid": jid,
                "name": name,
                "state": state,
                "subscribers": subscribers,
                "verified": verified,
            }
        )
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if description is not UNSET:
            field_dict["description"] = description
        if invite_code is not UNSET:
            field_dict["inviteCode"] = invite_code
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        jid = d.pop("jid")

        name = d.pop("name")

        state = d.pop("state")

        subscribers = d.pop("subscribers")

        verified = d.pop("verified")

        def _parse_created_at(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        created_at = _parse_created_at(d.pop("createdAt", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_invite_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invite_code = _parse_invite_code(d.pop("inviteCode", UNSET))

        def _parse_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        channel_info = cls(
            jid=jid,
            name=name,
            state=state,
            subscribers=subscribers,
            verified=verified,
            created_at=created_at,
            description=description,
            invite_code=invite_code,
            role=role,
        )

        channel_info.additional_properties = d
        return channel_info

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
