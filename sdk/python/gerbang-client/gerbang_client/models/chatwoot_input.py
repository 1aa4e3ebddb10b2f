from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatwootInput")


@_attrs_define
class ChatwootInput:
    """
    Attributes:
        account_id (int | None | Unset): The account id (in Chatwoot's URLs: `/app/accounts/{id}/…`).
        api_access_token (None | str | Unset): An agent's or bot's access token (Profile settings → Access token).
            Required the first
            time; absent afterwards keeps the stored one.
        base_url (None | str | Unset): Chatwoot's address, e.g. `https://chatwoot.example.com` (a public host).
        enabled (bool | None | Unset): `true` when absent.
        inbox_id (int | None | Unset): The id of an inbox of the "API" channel type.
        rotate_webhook_token (bool | Unset): Make a new webhook secret (the old URL stops working).
    """

    account_id: int | None | Unset = UNSET
    api_access_token: None | str | Unset = UNSET
    base_url: None | str | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    inbox_id: int | None | Unset = UNSET
    rotate_webhook_token: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id: int | None | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        api_access_token: None | str | Unset
        if isinstance(self.api_access_token, Unset):
            api_access_token = UNSET
        else:
            api_access_token = self.api_access_token

        base_url: None | str | Unset
        if isinstance(self.base_url, Unset):
            base_url = UNSET
        else:
            base_url = self.base_url

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        inbox_id: int | None | Unset
        if isinstance(self.inbox_id, Unset):
            inbox_id = UNSET
        else:
            inbox_id = self.inbox_id

        rotate_webhook_token = self.rotate_webhook_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if account_id is not UNSET:
            field_dict["accountId"] = account_id
        if api_access_token is not UNSET:
            field_dict["apiAccessToken"] = api_access_token
        if base_url is not UNSET:
            field_dict["baseUrl"] = base_url
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if inbox_id is not UNSET:
            field_dict["inboxId"] = inbox_id
        if rotate_webhook_token is not UNSET:
            field_dict["rotateWebhookToken"] = rotate_webhook_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_account_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        account_id = _parse_account_id(d.pop("accountId", UNSET))

        def _parse_api_access_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        api_access_token = _parse_api_access_token(d.pop("apiAccessToken", UNSET))

        def _parse_base_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base_url = _parse_base_url(d.pop("baseUrl", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_inbox_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        inbox_id = _parse_inbox_id(d.pop("inboxId", UNSET))

        rotate_webhook_token = d.pop("rotateWebhookToken", UNSET)

        chatwoot_input = cls(
            account_id=account_id,
            api_access_token=api_access_token,
            base_url=base_url,
            enabled=enabled,
            inbox_id=inbox_id,
            rotate_webhook_token=rotate_webhook_token,
        )

        chatwoot_input.additional_properties = d
        return chatwoot_input

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
