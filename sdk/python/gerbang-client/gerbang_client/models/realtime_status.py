from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RealtimeStatus")


@_attrs_define
class RealtimeStatus:
    """
    Attributes:
        latest_event_id (int): The newest event id (resume points are event ids).
        listeners (int): Readers waiting on the log in this process: open streams and the server's own workers.
        transports (list[str]): The transports that carry the event log.
    """

    latest_event_id: int
    listeners: int
    transports: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        latest_event_id = self.latest_event_id

        listeners = self.listeners

        transports = self.transports

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "latestEventId": latest_event_id,
                "listeners": listeners,
                "transports": transports,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        latest_event_id = d.pop("latestEventId")

        listeners = d.pop("listeners")

        transports = cast(list[str], d.pop("transports"))

        realtime_status = cls(
            latest_event_id=latest_event_id,
            listeners=listeners,
            transports=transports,
        )

        realtime_status.additional_properties = d
        return realtime_status

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
