from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EnvelopeBlockDoneData")


@_attrs_define
class EnvelopeBlockDoneData:
    """
    Attributes:
        blocked (bool): `true` after a block, `false` after an unblock.
        device_id (str):
        jid (str): The contact, as given (a number becomes its `…@s.whatsapp.net` JID). Example:
            6281234567890@s.whatsapp.net.
        simulated (bool): True when the device runs on the simulator: nothing reached WhatsApp.
    """

    blocked: bool
    device_id: str
    jid: str
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        blocked = self.blocked

        device_id = self.device_id

        jid = self.jid

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "blocked": blocked,
                "deviceId": device_id,
                "jid": jid,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        blocked = d.pop("blocked")

        device_id = d.pop("deviceId")

        jid = d.pop("jid")

        simulated = d.pop("simulated")

        envelope_block_done_data = cls(
            blocked=blocked,
            device_id=device_id,
            jid=jid,
            simulated=simulated,
        )

        envelope_block_done_data.additional_properties = d
        return envelope_block_done_data

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
