from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="MediaForm")


@_attrs_define
class MediaForm:
    """The multipart form of `send-media`.

    Attributes:
        file (File):
        phone (str): Phone number or JID of the recipient; also accepted as `to`, `jid`, `recipient`,
            `number`, `phoneNumber`, `targetNumber` or `chatId`.
        caption (None | str | Unset): Also accepted as `message` or `text`.
        reply_to (None | str | Unset):
        type_ (None | str | Unset): `image`, `video`, `audio`, `voice`, `document` or `sticker`; guessed from the file
            when absent.
        voice_note (bool | None | Unset): Send audio as a voice note.
    """

    file: File
    phone: str
    caption: None | str | Unset = UNSET
    reply_to: None | str | Unset = UNSET
    type_: None | str | Unset = UNSET
    voice_note: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        phone = self.phone

        caption: None | str | Unset
        if isinstance(self.caption, Unset):
            caption = UNSET
        else:
            caption = self.caption

        reply_to: None | str | Unset
        if isinstance(self.reply_to, Unset):
            reply_to = UNSET
        else:
            reply_to = self.reply_to

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        voice_note: bool | None | Unset
        if isinstance(self.voice_note, Unset):
            voice_note = UNSET
        else:
            voice_note = self.voice_note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
                "phone": phone,
            }
        )
        if caption is not UNSET:
            field_dict["caption"] = caption
        if reply_to is not UNSET:
            field_dict["reply_to"] = reply_to
        if type_ is not UNSET:
            field_dict["type"] = type_
        if voice_note is not UNSET:
            field_dict["voice_note"] = voice_note

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        files.append(("phone", (None, str(self.phone).encode(), "text/plain")))

        if not isinstance(self.caption, Unset):
            if isinstance(self.caption, str):
                files.append(("caption", (None, str(self.caption).encode(), "text/plain")))
            else:
                files.append(("caption", (None, str(self.caption).encode(), "text/plain")))

        if not isinstance(self.reply_to, Unset):
            if isinstance(self.reply_to, str):
                files.append(("reply_to", (None, str(self.reply_to).encode(), "text/plain")))
            else:
                files.append(("reply_to", (None, str(self.reply_to).encode(), "text/plain")))

        if not isinstance(self.type_, Unset):
            if isinstance(self.type_, str):
                files.append(("type", (None, str(self.type_).encode(), "text/plain")))
            else:
                files.append(("type", (None, str(self.type_).encode(), "text/plain")))

        if not isinstance(self.voice_note, Unset):
            if isinstance(self.voice_note, bool):
                files.append(("voice_note", (None, str(self.voice_note).encode(), "text/plain")))
            else:
                files.append(("voice_note", (None, str(self.voice_note).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        phone = d.pop("phone")

        def _parse_caption(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        caption = _parse_caption(d.pop("caption", UNSET))

        def _parse_reply_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_to = _parse_reply_to(d.pop("reply_to", UNSET))

        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        def _parse_voice_note(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        voice_note = _parse_voice_note(d.pop("voice_note", UNSET))

        media_form = cls(
            file=file,
            phone=phone,
            caption=caption,
            reply_to=reply_to,
            type_=type_,
            voice_note=voice_note,
        )

        media_form.additional_properties = d
        return media_form

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
