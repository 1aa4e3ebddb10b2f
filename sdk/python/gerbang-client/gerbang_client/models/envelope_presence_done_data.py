from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvelopePresenceDoneData")


@_attrs_define
class EnvelopePresenceDoneData:
    """
    Attributes:
        device_id (str):
        simulated (bool): True when the device runs on the simulator: nothing reached WhatsApp.
        state (str): `available`, `unavailable`, `typing`, `recording`, `paused`, or `subscribed`.
        jid (None | str | Unset):
    """

    device_id: str
    simulated: bool
    state: str
    jid: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        simulated = self.simulated

        state = self.state

        jid: None | str | Unset
        if isinstance(self.jid, Unset):
            jid = UNSET
        else:
            jid = self.jid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "simulated": simulated,
                "state": state,
            }
        )
        if jid is not UNSET:
            field_dict["jid"] = jid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_id = d.pop("deviceId")

        simulated = d.pop("simulated")

        state = d.pop("state")

        def _parse_jid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        jid = _parse_jid(d.pop("jid", UNSET))

        envelope_presence_done_data = cls(
            device_id=device_id,
            simulated=simulated,
            state=state,
            jid=jid,
        )

        envelope_presence_done_data.additional_properties = d
        return envelope_presence_done_data

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
