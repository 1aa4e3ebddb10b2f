from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message import Message


T = TypeVar("T", bound="StarredMessage")


@_attrs_define
class StarredMessage:
    """
    Attributes:
        chat_jid (str):
        from_me (bool):
        message_id (str):
        starred_at (datetime.datetime):
        message (Message | None | Unset):
    """

    chat_jid: str
    from_me: bool
    message_id: str
    starred_at: datetime.datetime
    message: Message | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message import Message  # noqa: PLC0415

        chat_jid = self.chat_jid

        from_me = self.from_me

        message_id = self.message_id

        starred_at = self.starred_at.isoformat()

        message: dict[str, Any] | None | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        elif isinstance(self.message, Message):
            message = self.message.to_dict()
        else:
            message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chatJid": chat_jid,
                "fromMe": from_me,
                "messageId": message_id,
                "starredAt": starred_at,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message import Message  # noqa: PLC0415

        d = dict(src_dict)
        chat_jid = d.pop("chatJid")

        from_me = d.pop("fromMe")

        message_id = d.pop("messageId")

        starred_at = datetime.datetime.fromisoformat(d.pop("starredAt"))

        def _parse_message(data: object) -> Message | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                message_type_1 = Message.from_dict(data)

                return message_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Message | None | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        starred_message = cls(
            chat_jid=chat_jid,
            from_me=from_me,
            message_id=message_id,
            starred_at=starred_at,
            message=message,
        )

        starred_message.additional_properties = d
        return starred_message

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
