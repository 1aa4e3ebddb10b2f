from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.channel_reaction import ChannelReaction


T = TypeVar("T", bound="ChannelPost")


@_attrs_define
class ChannelPost:
    """One post of a channel, newest first in a listing.

    Attributes:
        id (str): The post's message id.
        kind (str): `text`, `media`, `poll_creation`, … as WhatsApp labels the post. Example: text.
        reactions (list[ChannelReaction]):
        server_id (int): WhatsApp's running number for the post in this channel; pass the smallest one seen as
            `before` to read older posts.
        timestamp (int): Unix seconds.
        mime (None | str | Unset): The media's MIME type when the post carries media.
        text (None | str | Unset): The text, or a photo's or video's caption.
    """

    id: str
    kind: str
    reactions: list[ChannelReaction]
    server_id: int
    timestamp: int
    mime: None | str | Unset = UNSET
    text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        reactions = []
        for reactions_item_data in self.reactions:
            reactions_item = reactions_item_data.to_dict()
            reactions.append(reactions_item)

        server_id = self.server_id

        timestamp = self.timestamp

        mime: None | str | Unset
        if isinstance(self.mime, Unset):
            mime = UNSET
        else:
            mime = self.mime

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "reactions": reactions,
                "serverId": server_id,
                "timestamp": timestamp,
            }
        )
        if mime is not UNSET:
            field_dict["mime"] = mime
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_reaction import ChannelReaction  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        reactions = []
        _reactions = d.pop("reactions")
        for reactions_item_data in _reactions:
            reactions_item = ChannelReaction.from_dict(reactions_item_data)

            reactions.append(reactions_item)

        server_id = d.pop("serverId")

        timestamp = d.pop("timestamp")

        def _parse_mime(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mime = _parse_mime(d.pop("mime", UNSET))

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        channel_post = cls(
            id=id,
            kind=kind,
            reactions=reactions,
            server_id=server_id,
            timestamp=timestamp,
            mime=mime,
            text=text,
        )

        channel_post.additional_properties = d
        return channel_post

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
