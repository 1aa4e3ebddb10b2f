from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatFlags")


@_attrs_define
class ChatFlags:
    """What the gateway knows of a chat's app state; the default is a chat nobody touched.

    Attributes:
        archived (bool):
        marked_unread (bool): Marked unread by hand.
        muted (bool): Muted now (a mute that ran out is not).
        pinned (bool):
        muted_until (datetime.datetime | None | Unset): When the mute ends; absent for a mute without end (or no mute).
    """

    archived: bool
    marked_unread: bool
    muted: bool
    pinned: bool
    muted_until: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        archived = self.archived

        marked_unread = self.marked_unread

        muted = self.muted

        pinned = self.pinned

        muted_until: None | str | Unset
        if isinstance(self.muted_until, Unset):
            muted_until = UNSET
        elif isinstance(self.muted_until, datetime.datetime):
            muted_until = self.muted_until.isoformat()
        else:
            muted_until = self.muted_until

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "archived": archived,
                "markedUnread": marked_unread,
                "muted": muted,
                "pinned": pinned,
            }
        )
        if muted_until is not UNSET:
            field_dict["mutedUntil"] = muted_until

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        archived = d.pop("archived")

        marked_unread = d.pop("markedUnread")

        muted = d.pop("muted")

        pinned = d.pop("pinned")

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

        chat_flags = cls(
            archived=archived,
            marked_unread=marked_unread,
            muted=muted,
            pinned=pinned,
            muted_until=muted_until,
        )

        chat_flags.additional_properties = d
        return chat_flags

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
