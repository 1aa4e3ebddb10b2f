from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.media_kind import MediaKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="MediaUrlInput")


@_attrs_define
class MediaUrlInput:
    """`send-media` as JSON: the file is fetched from a URL.

    Attributes:
        phone (str): Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
            (the names earlier gateways used).
        url (str): A public http(s) URL; internal addresses are refused.
        caption (None | str | Unset): Also accepted as `message` or `text`.
        file_name (None | str | Unset):
        reply_to (None | str | Unset):
        type_ (MediaKind | None | Unset):
        voice_note (bool | Unset):
    """

    phone: str
    url: str
    caption: None | str | Unset = UNSET
    file_name: None | str | Unset = UNSET
    reply_to: None | str | Unset = UNSET
    type_: MediaKind | None | Unset = UNSET
    voice_note: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        phone = self.phone

        url = self.url

        caption: None | str | Unset
        if isinstance(self.caption, Unset):
            caption = UNSET
        else:
            caption = self.caption

        file_name: None | str | Unset
        if isinstance(self.file_name, Unset):
            file_name = UNSET
        else:
            file_name = self.file_name

        reply_to: None | str | Unset
        if isinstance(self.reply_to, Unset):
            reply_to = UNSET
        else:
            reply_to = self.reply_to

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, MediaKind):
            type_ = self.type_.value
        else:
            type_ = self.type_

        voice_note = self.voice_note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "phone": phone,
                "url": url,
            }
        )
        if caption is not UNSET:
            field_dict["caption"] = caption
        if file_name is not UNSET:
            field_dict["fileName"] = file_name
        if reply_to is not UNSET:
            field_dict["replyTo"] = reply_to
        if type_ is not UNSET:
            field_dict["type"] = type_
        if voice_note is not UNSET:
            field_dict["voiceNote"] = voice_note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        phone = d.pop("phone")

        url = d.pop("url")

        def _parse_caption(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        caption = _parse_caption(d.pop("caption", UNSET))

        def _parse_file_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_name = _parse_file_name(d.pop("fileName", UNSET))

        def _parse_reply_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_to = _parse_reply_to(d.pop("replyTo", UNSET))

        def _parse_type_(data: object) -> MediaKind | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_1 = MediaKind(data)

                return type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MediaKind | None | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        voice_note = d.pop("voiceNote", UNSET)

        media_url_input = cls(
            phone=phone,
            url=url,
            caption=caption,
            file_name=file_name,
            reply_to=reply_to,
            type_=type_,
            voice_note=voice_note,
        )

        media_url_input.additional_properties = d
        return media_url_input

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
