from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.channel_post import ChannelPost


T = TypeVar("T", bound="ChannelPosts")


@_attrs_define
class ChannelPosts:
    """
    Attributes:
        device_id (str):
        jid (str):  Example: 120363012345678901@newsletter.
        posts (list[ChannelPost]): Newest first.
        simulated (bool):
        next_before (int | None | Unset): Pass as `before` to read the posts older than these; `null` when there are
            none.
    """

    device_id: str
    jid: str
    posts: list[ChannelPost]
    simulated: bool
    next_before: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        jid = self.jid

        posts = []
        for posts_item_data in self.posts:
            posts_item = posts_item_data.to_dict()
            posts.append(posts_item)

        simulated = self.simulated

        next_before: int | None | Unset
        if isinstance(self.next_before, Unset):
            next_before = UNSET
        else:
            next_before = self.next_before

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "jid": jid,
                "posts": posts,
                "simulated": simulated,
            }
        )
        if next_before is not UNSET:
            field_dict["nextBefore"] = next_before

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_post import ChannelPost  # noqa: PLC0415

        d = dict(src_dict)
        device_id = d.pop("deviceId")

        jid = d.pop("jid")

        posts = []
        _posts = d.pop("posts")
        for posts_item_data in _posts:
            posts_item = ChannelPost.from_dict(posts_item_data)

            posts.append(posts_item)

        simulated = d.pop("simulated")

        def _parse_next_before(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        next_before = _parse_next_before(d.pop("nextBefore", UNSET))

        channel_posts = cls(
            device_id=device_id,
            jid=jid,
            posts=posts,
            simulated=simulated,
            next_before=next_before,
        )

        channel_posts.additional_properties = d
        return channel_posts

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
