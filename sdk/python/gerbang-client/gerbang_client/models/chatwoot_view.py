from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatwootView")


@_attrs_define
class ChatwootView:
    """
    Attributes:
        account_id (int):
        api_access_token_hint (str): The last characters of the stored access token.
        base_url (str):
        device_id (str):
        enabled (bool):
        failed_messages (int): Messages the bridge gave up copying to Chatwoot.
        inbox_id (int):
        updated_at (datetime.datetime):
        webhook_path (str): Where Chatwoot's webhook must POST (on this gateway's public address), without the token.
        last_error (None | str | Unset):
        last_error_at (datetime.datetime | None | Unset):
        webhook_token (None | str | Unset): The webhook secret: only in the answer that made it.
        webhook_url_path (None | str | Unset): `webhookPath` with its `?token=`: only in the answer that made the token.
    """

    account_id: int
    api_access_token_hint: str
    base_url: str
    device_id: str
    enabled: bool
    failed_messages: int
    inbox_id: int
    updated_at: datetime.datetime
    webhook_path: str
    last_error: None | str | Unset = UNSET
    last_error_at: datetime.datetime | None | Unset = UNSET
    webhook_token: None | str | Unset = UNSET
    webhook_url_path: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        api_access_token_hint = self.api_access_token_hint

        base_url = self.base_url

        device_id = self.device_id

        enabled = self.enabled

        failed_messages = self.failed_messages

        inbox_id = self.inbox_id

        updated_at = self.updated_at.isoformat()

        webhook_path = self.webhook_path

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        last_error_at: None | str | Unset
        if isinstance(self.last_error_at, Unset):
            last_error_at = UNSET
        elif isinstance(self.last_error_at, datetime.datetime):
            last_error_at = self.last_error_at.isoformat()
        else:
            last_error_at = self.last_error_at

        webhook_token: None | str | Unset
        if isinstance(self.webhook_token, Unset):
            webhook_token = UNSET
        else:
            webhook_token = self.webhook_token

        webhook_url_path: None | str | Unset
        if isinstance(self.webhook_url_path, Unset):
            webhook_url_path = UNSET
        else:
            webhook_url_path = self.webhook_url_path

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accountId": account_id,
                "apiAccessTokenHint": api_access_token_hint,
                "baseUrl": base_url,
                "deviceId": device_id,
                "enabled": enabled,
                "failedMessages": failed_messages,
                "inboxId": inbox_id,
                "updatedAt": updated_at,
                "webhookPath": webhook_path,
            }
        )
        if last_error is not UNSET:
            field_dict["lastError"] = last_error
        if last_error_at is not UNSET:
            field_dict["lastErrorAt"] = last_error_at
        if webhook_token is not UNSET:
            field_dict["webhookToken"] = webhook_token
        if webhook_url_path is not UNSET:
            field_dict["webhookUrlPath"] = webhook_url_path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("accountId")

        api_access_token_hint = d.pop("apiAccessTokenHint")

        base_url = d.pop("baseUrl")

        device_id = d.pop("deviceId")

        enabled = d.pop("enabled")

        failed_messages = d.pop("failedMessages")

        inbox_id = d.pop("inboxId")

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        webhook_path = d.pop("webhookPath")

        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("lastError", UNSET))

        def _parse_last_error_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_error_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_error_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_error_at = _parse_last_error_at(d.pop("lastErrorAt", UNSET))

        def _parse_webhook_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        webhook_token = _parse_webhook_token(d.pop("webhookToken", UNSET))

        def _parse_webhook_url_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        webhook_url_path = _parse_webhook_url_path(d.pop("webhookUrlPath", UNSET))

        chatwoot_view = cls(
            account_id=account_id,
            api_access_token_hint=api_access_token_hint,
            base_url=base_url,
            device_id=device_id,
            enabled=enabled,
            failed_messages=failed_messages,
            inbox_id=inbox_id,
            updated_at=updated_at,
            webhook_path=webhook_path,
            last_error=last_error,
            last_error_at=last_error_at,
            webhook_token=webhook_token,
            webhook_url_path=webhook_url_path,
        )

        chatwoot_view.additional_properties = d
        return chatwoot_view

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
