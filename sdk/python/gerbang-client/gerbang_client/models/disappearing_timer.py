from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DisappearingTimer")


@_attrs_define
class DisappearingTimer:
    """
    Attributes:
        chat_jid (str):
        seconds (int): 0 when off.
        simulated (bool): True when the device runs on the simulator: nothing reached WhatsApp.
    """

    chat_jid: str
    seconds: int
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chat_jid = self.chat_jid

        seconds = self.seconds

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chatJid": chat_jid,
                "seconds": seconds,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        chat_jid = d.pop("chatJid")

        seconds = d.pop("seconds")

        simulated = d.pop("simulated")

        disappearing_timer = cls(
            chat_jid=chat_jid,
            seconds=seconds,
            simulated=simulated,
        )

        disappearing_timer.additional_properties = d
        return disappearing_timer

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
