from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_headers import WebhookHeaders


T = TypeVar("T", bound="EnvelopeCreatedWebhookData")


@_attrs_define
class EnvelopeCreatedWebhookData:
    """
    Attributes:
        active (bool): Inactive webhooks receive nothing (events while inactive are skipped).
        created_at (datetime.datetime):
        events (list[str]): Event types it wants; empty for all.
        headers (WebhookHeaders): Extra request headers sent with every delivery.
        id (int):
        last_event_id (int): The outbox cursor: events up to this id have been turned into deliveries.
        secret_prefix (str): The start of the signing secret, to tell secrets apart (the secret is shown once).
        updated_at (datetime.datetime):
        url (str):
        secret (str): The signing secret: shown only in this answer.
        created_by (int | None | Unset):
        device_id (None | str | Unset): The device whose events it receives; `null` for a global webhook (every device).
    """

    active: bool
    created_at: datetime.datetime
    events: list[str]
    headers: WebhookHeaders
    id: int
    last_event_id: int
    secret_prefix: str
    updated_at: datetime.datetime
    url: str
    secret: str
    created_by: int | None | Unset = UNSET
    device_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        created_at = self.created_at.isoformat()

        events = self.events

        headers = self.headers.to_dict()

        id = self.id

        last_event_id = self.last_event_id

        secret_prefix = self.secret_prefix

        updated_at = self.updated_at.isoformat()

        url = self.url

        secret = self.secret

        created_by: int | None | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        else:
            created_by = self.created_by

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "createdAt": created_at,
                "events": events,
                "headers": headers,
                "id": id,
                "lastEventId": last_event_id,
                "secretPrefix": secret_prefix,
                "updatedAt": updated_at,
                "url": url,
                "secret": secret,
            }
        )
        if created_by is not UNSET:
            field_dict["createdBy"] = created_by
        if device_id is not UNSET:
            field_dict["deviceId"] = device_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_headers import WebhookHeaders  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        events = cast(list[str], d.pop("events"))

        headers = WebhookHeaders.from_dict(d.pop("headers"))

        id = d.pop("id")

        last_event_id = d.pop("lastEventId")

        secret_prefix = d.pop("secretPrefix")

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        url = d.pop("url")

        secret = d.pop("secret")

        def _parse_created_by(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        created_by = _parse_created_by(d.pop("createdBy", UNSET))

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("deviceId", UNSET))

        envelope_created_webhook_data = cls(
            active=active,
            created_at=created_at,
            events=events,
            headers=headers,
            id=id,
            last_event_id=last_event_id,
            secret_prefix=secret_prefix,
            updated_at=updated_at,
            url=url,
            secret=secret,
            created_by=created_by,
            device_id=device_id,
        )

        envelope_created_webhook_data.additional_properties = d
        return envelope_created_webhook_data

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
