from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EnvelopeInviteLinkData")


@_attrs_define
class EnvelopeInviteLinkData:
    """
    Attributes:
        code (str):
        group_jid (str): A WhatsApp address: `628123456789@s.whatsapp.net`, `120363…@g.us`, `1234…@lid`.
        link (str):
        simulated (bool):
    """

    code: str
    group_jid: str
    link: str
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        group_jid = self.group_jid

        link = self.link

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "groupJid": group_jid,
                "link": link,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        group_jid = d.pop("groupJid")

        link = d.pop("link")

        simulated = d.pop("simulated")

        envelope_invite_link_data = cls(
            code=code,
            group_jid=group_jid,
            link=link,
            simulated=simulated,
        )

        envelope_invite_link_data.additional_properties = d
        return envelope_invite_link_data

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
