from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_webhook_input_headers import CreateWebhookInputHeaders


T = TypeVar("T", bound="CreateWebhookInput")


@_attrs_define
class CreateWebhookInput:
    """
    Attributes:
        url (str): Where deliveries are POSTed: http:// or https://, a public host.
        active (bool | None | Unset): `true` when absent.
        events (list[str] | Unset): Event types to deliver (e.g. `message.new`); empty or absent for all.
        headers (CreateWebhookInputHeaders | Unset): Extra headers sent with every delivery (not hop-by-hop ones,
            `Host`, `Content-*`,
            `User-Agent` or `X-Gerbang-*`).
        secret (None | str | Unset): The signing secret (16–200 characters); a `whsec_…` one is generated when absent.
    """

    url: str
    active: bool | None | Unset = UNSET
    events: list[str] | Unset = UNSET
    headers: CreateWebhookInputHeaders | Unset = UNSET
    secret: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        active: bool | None | Unset
        if isinstance(self.active, Unset):
            active = UNSET
        else:
            active = self.active

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = self.events

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        secret: None | str | Unset
        if isinstance(self.secret, Unset):
            secret = UNSET
        else:
            secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
            }
        )
        if active is not UNSET:
            field_dict["active"] = active
        if events is not UNSET:
            field_dict["events"] = events
        if headers is not UNSET:
            field_dict["headers"] = headers
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_webhook_input_headers import CreateWebhookInputHeaders  # noqa: PLC0415

        d = dict(src_dict)
        url = d.pop("url")

        def _parse_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        active = _parse_active(d.pop("active", UNSET))

        events = cast(list[str], d.pop("events", UNSET))

        _headers = d.pop("headers", UNSET)
        headers: CreateWebhookInputHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = CreateWebhookInputHeaders.from_dict(_headers)

        def _parse_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        secret = _parse_secret(d.pop("secret", UNSET))

        create_webhook_input = cls(
            url=url,
            active=active,
            events=events,
            headers=headers,
            secret=secret,
        )

        create_webhook_input.additional_properties = d
        return create_webhook_input

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
