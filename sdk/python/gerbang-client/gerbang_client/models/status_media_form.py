from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="StatusMediaForm")


@_attrs_define
class StatusMediaForm:
    """
    Attributes:
        file (File): A photo (16 MiB at most) or a video (64 MiB).
        caption (None | str | Unset): At most 700 characters.
        recipients (None | str | Unset): Who may see it: numbers or JIDs separated by commas, at most 1,000. When
            absent, the
            people this device chatted with most recently.
    """

    file: File
    caption: None | str | Unset = UNSET
    recipients: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        caption: None | str | Unset
        if isinstance(self.caption, Unset):
            caption = UNSET
        else:
            caption = self.caption

        recipients: None | str | Unset
        if isinstance(self.recipients, Unset):
            recipients = UNSET
        else:
            recipients = self.recipients

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if caption is not UNSET:
            field_dict["caption"] = caption
        if recipients is not UNSET:
            field_dict["recipients"] = recipients

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.caption, Unset):
            if isinstance(self.caption, str):
                files.append(("caption", (None, str(self.caption).encode(), "text/plain")))
            else:
                files.append(("caption", (None, str(self.caption).encode(), "text/plain")))

        if not isinstance(self.recipients, Unset):
            if isinstance(self.recipients, str):
                files.append(("recipients", (None, str(self.recipients).encode(), "text/plain")))
            else:
                files.append(("recipients", (None, str(self.recipients).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        def _parse_caption(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        caption = _parse_caption(d.pop("caption", UNSET))

        def _parse_recipients(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recipients = _parse_recipients(d.pop("recipients", UNSET))

        status_media_form = cls(
            file=file,
            caption=caption,
            recipients=recipients,
        )

        status_media_form.additional_properties = d
        return status_media_form

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
