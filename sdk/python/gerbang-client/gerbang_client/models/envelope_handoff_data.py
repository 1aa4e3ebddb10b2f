from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EnvelopeHandoffData")


@_attrs_define
class EnvelopeHandoffData:
    """A contact the bot leaves to a person.

    Attributes:
        contact_jid (str):
        device_id (str):
        last_activity_at (datetime.datetime):
        reason (str): `keyword`, `agent`, `rule`, `loop` or `manual`.
        started_at (datetime.datetime):
    """

    contact_jid: str
    device_id: str
    last_activity_at: datetime.datetime
    reason: str
    started_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_jid = self.contact_jid

        device_id = self.device_id

        last_activity_at = self.last_activity_at.isoformat()

        reason = self.reason

        started_at = self.started_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contactJid": contact_jid,
                "deviceId": device_id,
                "lastActivityAt": last_activity_at,
                "reason": reason,
                "startedAt": started_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_jid = d.pop("contactJid")

        device_id = d.pop("deviceId")

        last_activity_at = datetime.datetime.fromisoformat(d.pop("lastActivityAt"))

        reason = d.pop("reason")

        started_at = datetime.datetime.fromisoformat(d.pop("startedAt"))

        envelope_handoff_data = cls(
            contact_jid=contact_jid,
            device_id=device_id,
            last_activity_at=last_activity_at,
            reason=reason,
            started_at=started_at,
        )

        envelope_handoff_data.additional_properties = d
        return envelope_handoff_data

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
