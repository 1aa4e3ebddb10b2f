from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactProfileView")


@_attrs_define
class ContactProfileView:
    """
    Attributes:
        device_id (str):
        jid (str):  Example: 6281234567890@s.whatsapp.net.
        simulated (bool):
        about (None | str | Unset): `null` when the contact has none, or hides it.
        phone (None | str | Unset):  Example: 6281234567890.
        picture_url (None | str | Unset): `null` when the contact has none, or shows it only to their contacts.
    """

    device_id: str
    jid: str
    simulated: bool
    about: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    picture_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        jid = self.jid

        simulated = self.simulated

        about: None | str | Unset
        if isinstance(self.about, Unset):
            about = UNSET
        else:
            about = self.about

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        picture_url: None | str | Unset
        if isinstance(self.picture_url, Unset):
            picture_url = UNSET
        else:
            picture_url = self.picture_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "jid": jid,
                "simulated": simulated,
            }
        )
        if about is not UNSET:
            field_dict["about"] = about
        if phone is not UNSET:
            field_dict["phone"] = phone
        if picture_url is not UNSET:
            field_dict["pictureUrl"] = picture_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_id = d.pop("deviceId")

        jid = d.pop("jid")

        simulated = d.pop("simulated")

        def _parse_about(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        about = _parse_about(d.pop("about", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_picture_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        picture_url = _parse_picture_url(d.pop("pictureUrl", UNSET))

        contact_profile_view = cls(
            device_id=device_id,
            jid=jid,
            simulated=simulated,
            about=about,
            phone=phone,
            picture_url=picture_url,
        )

        contact_profile_view.additional_properties = d
        return contact_profile_view

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
