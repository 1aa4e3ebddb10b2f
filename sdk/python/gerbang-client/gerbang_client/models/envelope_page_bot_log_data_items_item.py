from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvelopePageBotLogDataItemsItem")


@_attrs_define
class EnvelopePageBotLogDataItemsItem:
    """The bot's decision on one inbound message (one row per message: the reply's idempotency key).

    Attributes:
        action (str): `rule`, `welcome`, `out_of_hours`, `handoff`, or `skip`.
        contact_jid (str):
        created_at (datetime.datetime):
        day (datetime.date): The local date (bot's time zone), for daily statistics.
        device_id (str):
        id (int):
        inbound_id (str): The inbound WhatsApp message id.
        status (str): `claimed` (decided, not yet sent: after a crash it stays so and is never re-sent),
            `sent`, `failed` or `none` (nothing to send).
        detail (None | str | Unset): Why it was skipped, or what went wrong.
        reply_message_id (None | str | Unset):
        rule_id (int | None | Unset):
    """

    action: str
    contact_jid: str
    created_at: datetime.datetime
    day: datetime.date
    device_id: str
    id: int
    inbound_id: str
    status: str
    detail: None | str | Unset = UNSET
    reply_message_id: None | str | Unset = UNSET
    rule_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        contact_jid = self.contact_jid

        created_at = self.created_at.isoformat()

        day = self.day.isoformat()

        device_id = self.device_id

        id = self.id

        inbound_id = self.inbound_id

        status = self.status

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        reply_message_id: None | str | Unset
        if isinstance(self.reply_message_id, Unset):
            reply_message_id = UNSET
        else:
            reply_message_id = self.reply_message_id

        rule_id: int | None | Unset
        if isinstance(self.rule_id, Unset):
            rule_id = UNSET
        else:
            rule_id = self.rule_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "contactJid": contact_jid,
                "createdAt": created_at,
                "day": day,
                "deviceId": device_id,
                "id": id,
                "inboundId": inbound_id,
                "status": status,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if reply_message_id is not UNSET:
            field_dict["replyMessageId"] = reply_message_id
        if rule_id is not UNSET:
            field_dict["ruleId"] = rule_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        contact_jid = d.pop("contactJid")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        day = datetime.date.fromisoformat(d.pop("day"))

        device_id = d.pop("deviceId")

        id = d.pop("id")

        inbound_id = d.pop("inboundId")

        status = d.pop("status")

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        def _parse_reply_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_message_id = _parse_reply_message_id(d.pop("replyMessageId", UNSET))

        def _parse_rule_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rule_id = _parse_rule_id(d.pop("ruleId", UNSET))

        envelope_page_bot_log_data_items_item = cls(
            action=action,
            contact_jid=contact_jid,
            created_at=created_at,
            day=day,
            device_id=device_id,
            id=id,
            inbound_id=inbound_id,
            status=status,
            detail=detail,
            reply_message_id=reply_message_id,
            rule_id=rule_id,
        )

        envelope_page_bot_log_data_items_item.additional_properties = d
        return envelope_page_bot_log_data_items_item

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
