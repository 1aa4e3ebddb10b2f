from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SendGroupInput")


@_attrs_define
class SendGroupInput:
    """
    Attributes:
        group_id (str): `120363…@g.us` or `120363…`; also accepted as `groupJid`, `group`, `jid`, `to`, `chatId`.
        message (str): Also accepted as `text`.
        mentions (list[str] | Unset): Members to mention (write `@<number>` in the text where they go).
        reply_to (None | str | Unset):
    """

    group_id: str
    message: str
    mentions: list[str] | Unset = UNSET
    reply_to: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        group_id = self.group_id

        message = self.message

        mentions: list[str] | Unset = UNSET
        if not isinstance(self.mentions, Unset):
            mentions = self.mentions

        reply_to: None | str | Unset
        if isinstance(self.reply_to, Unset):
            reply_to = UNSET
        else:
            reply_to = self.reply_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "groupId": group_id,
                "message": message,
            }
        )
        if mentions is not UNSET:
            field_dict["mentions"] = mentions
        if reply_to is not UNSET:
            field_dict["replyTo"] = reply_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        group_id = d.pop("groupId")

        message = d.pop("message")

        mentions = cast(list[str], d.pop("mentions", UNSET))

        def _parse_reply_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_to = _parse_reply_to(d.pop("replyTo", UNSET))

        send_group_input = cls(
            group_id=group_id,
            message=message,
            mentions=mentions,
            reply_to=reply_to,
        )

        send_group_input.additional_properties = d
        return send_group_input

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
