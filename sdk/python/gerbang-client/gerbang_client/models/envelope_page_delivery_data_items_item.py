from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_status import DeliveryStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.delivery_attempt import DeliveryAttempt
    from ..models.envelope_page_delivery_data_items_item_event import EnvelopePageDeliveryDataItemsItemEvent


T = TypeVar("T", bound="EnvelopePageDeliveryDataItemsItem")


@_attrs_define
class EnvelopePageDeliveryDataItemsItem:
    """One event on its way to one webhook, with what happened each time it was sent.

    Attributes:
        attempt_count (int): Attempts since it was (re-)queued.
        attempts (list[DeliveryAttempt]): Every attempt, oldest first.
        chat_key (str): Deliveries with the same key go out in event order (the chat, or the device).
        created_at (datetime.datetime):
        event (EnvelopePageDeliveryDataItemsItemEvent): The body that is sent, exactly (the event as the API shows it).
        event_id (int):
        event_type (str):
        id (int): Sent as `X-Gerbang-Delivery-Id`; the same on every retry.
        status (DeliveryStatus):
        webhook_id (int):
        delivered_at (datetime.datetime | None | Unset):
        last_error (None | str | Unset):
        last_status_code (int | None | Unset):
        next_attempt_at (datetime.datetime | None | Unset): When it is due next (pending only).
    """

    attempt_count: int
    attempts: list[DeliveryAttempt]
    chat_key: str
    created_at: datetime.datetime
    event: EnvelopePageDeliveryDataItemsItemEvent
    event_id: int
    event_type: str
    id: int
    status: DeliveryStatus
    webhook_id: int
    delivered_at: datetime.datetime | None | Unset = UNSET
    last_error: None | str | Unset = UNSET
    last_status_code: int | None | Unset = UNSET
    next_attempt_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempt_count = self.attempt_count

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        chat_key = self.chat_key

        created_at = self.created_at.isoformat()

        event = self.event.to_dict()

        event_id = self.event_id

        event_type = self.event_type

        id = self.id

        status = self.status.value

        webhook_id = self.webhook_id

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        elif isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        last_status_code: int | None | Unset
        if isinstance(self.last_status_code, Unset):
            last_status_code = UNSET
        else:
            last_status_code = self.last_status_code

        next_attempt_at: None | str | Unset
        if isinstance(self.next_attempt_at, Unset):
            next_attempt_at = UNSET
        elif isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attemptCount": attempt_count,
                "attempts": attempts,
                "chatKey": chat_key,
                "createdAt": created_at,
                "event": event,
                "eventId": event_id,
                "eventType": event_type,
                "id": id,
                "status": status,
                "webhookId": webhook_id,
            }
        )
        if delivered_at is not UNSET:
            field_dict["deliveredAt"] = delivered_at
        if last_error is not UNSET:
            field_dict["lastError"] = last_error
        if last_status_code is not UNSET:
            field_dict["lastStatusCode"] = last_status_code
        if next_attempt_at is not UNSET:
            field_dict["nextAttemptAt"] = next_attempt_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_attempt import DeliveryAttempt  # noqa: PLC0415
        from ..models.envelope_page_delivery_data_items_item_event import EnvelopePageDeliveryDataItemsItemEvent  # noqa: PLC0415

        d = dict(src_dict)
        attempt_count = d.pop("attemptCount")

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = DeliveryAttempt.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        chat_key = d.pop("chatKey")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        event = EnvelopePageDeliveryDataItemsItemEvent.from_dict(d.pop("event"))

        event_id = d.pop("eventId")

        event_type = d.pop("eventType")

        id = d.pop("id")

        status = DeliveryStatus(d.pop("status"))

        webhook_id = d.pop("webhookId")

        def _parse_delivered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("deliveredAt", UNSET))

        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("lastError", UNSET))

        def _parse_last_status_code(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        last_status_code = _parse_last_status_code(d.pop("lastStatusCode", UNSET))

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("nextAttemptAt", UNSET))

        envelope_page_delivery_data_items_item = cls(
            attempt_count=attempt_count,
            attempts=attempts,
            chat_key=chat_key,
            created_at=created_at,
            event=event,
            event_id=event_id,
            event_type=event_type,
            id=id,
            status=status,
            webhook_id=webhook_id,
            delivered_at=delivered_at,
            last_error=last_error,
            last_status_code=last_status_code,
            next_attempt_at=next_attempt_at,
        )

        envelope_page_delivery_data_items_item.additional_properties = d
        return envelope_page_delivery_data_items_item

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
