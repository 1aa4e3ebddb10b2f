from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatSummary")


@_attrs_define
class ChatSummary:
    """One conversation in a device's chat list.

    Attributes:
        archived (bool):
        marked_unread (bool): Marked unread by hand.
        muted (bool): Muted now (a mute that ran out is not).
        pinned (bool):
        chat_jid (str):
        is_group (bool):
        labels (list[str]): The ids of the WhatsApp Business labels on the chat.
        last_message_from_me (bool):
        last_message_time (datetime.datetime):
        last_message_type (str):
        message_count (int):
        unread_count (int):
        muted_until (datetime.datetime | None | Unset): When the mute ends; absent for a mute without end (or no mute).
        contact_name (None | str | Unset): The best name known: the contact's WhatsApp display name, else the number.
        contact_number (None | str | Unset): `+628…` for a person, absent for groups and hidden numbers.
        last_message (None | str | Unset):
    """

    archived: bool
    marked_unread: bool
    muted: bool
    pinned: bool
    chat_jid: str
    is_group: bool
    labels: list[str]
    last_message_from_me: bool
    last_message_time: datetime.datetime
    last_message_type: str
    message_count: int
    unread_count: int
    muted_until: datetime.datetime | None | Unset = UNSET
    contact_name: None | str | Unset = UNSET
    contact_number: None | str | Unset = UNSET
    last_message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        archived = self.archived

        marked_unread = self.marked_unread

        muted = self.muted

        pinned = self.pinned

        chat_jid = self.chat_jid

        is_group = self.is_group

        labels = self.labels

        last_message_from_me = self.last_message_from_me

        last_message_time = self.last_message_time.isoformat()

        last_message_type = self.last_message_type

        message_count = self.message_count

        unread_count = self.unread_count

        muted_until: None | str | Unset
        if isinstance(self.muted_until, Unset):
            muted_until = UNSET
        elif isinstance(self.muted_until, datetime.datetime):
            muted_until = self.muted_until.isoformat()
        else:
            muted_until = self.muted_until

        contact_name: None | str | Unset
        if isinstance(self.contact_name, Unset):
            contact_name = UNSET
        else:
            contact_name = self.contact_name

        contact_number: None | str | Unset
        if isinstance(self.contact_number, Unset):
            contact_number = UNSET
        else:
            contact_number = self.contact_number

        last_message: None | str | Unset
        if isinstance(self.last_message, Unset):
            last_message = UNSET
        else:
            last_message = self.last_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "archived": archived,
                "markedUnread": marked_unread,
                "muted": muted,
                "pinned": pinned,
                "chatJid": chat_jid,
                "isGroup": is_group,
                "labels": labels,
                "lastMessageFromMe": last_message_from_me,
                "lastMessageTime": last_message_time,
                "lastMessageType": last_message_type,
                "messageCount": message_count,
                "unreadCount": unread_count,
            }
        )
        if muted_until is not UNSET:
            field_dict["mutedUntil"] = muted_until
        if contact_name is not UNSET:
            field_dict["contactName"] = contact_name
        if contact_number is not UNSET:
            field_dict["contactNumber"] = contact_number
        if last_message is not UNSET:
            field_dict["lastMessage"] = last_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        archived = d.pop("archived")

        marked_unread = d.pop("markedUnread")

        muted = d.pop("muted")

        pinned = d.pop("pinned")

        chat_jid = d.pop("chatJid")

        is_group = d.pop("isGroup")

        labels = cast(list[str], d.pop("labels"))

        last_message_from_me = d.pop("lastMessageFromMe")

        last_message_time = datetime.datetime.fromisoformat(d.pop("lastMessageTime"))

        last_message_type = d.pop("lastMessageType")

        message_count = d.pop("messageCount")

        unread_count = d.pop("unreadCount")

        def _parse_muted_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                muted_until_type_0 = datetime.datetime.fromisoformat(data)

                return muted_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        muted_until = _parse_muted_until(d.pop("mutedUntil", UNSET))

        def _parse_contact_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_name = _parse_contact_name(d.pop("contactName", UNSET))

        def _parse_contact_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_number = _parse_contact_number(d.pop("contactNumber", UNSET))

        def _parse_last_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_message = _parse_last_message(d.pop("lastMessage", UNSET))

        chat_summary = cls(
            archived=archived,
            marked_unread=marked_unread,
            muted=muted,
            pinned=pinned,
            chat_jid=chat_jid,
            is_group=is_group,
            labels=labels,
            last_message_from_me=last_message_from_me,
            last_message_time=last_message_time,
            last_message_type=last_message_type,
            message_count=message_count,
            unread_count=unread_count,
            muted_until=muted_until,
            contact_name=contact_name,
            contact_number=contact_number,
            last_message=last_message,
        )

        chat_summary.additional_properties = d
        return chat_summary

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
