from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QueueConfig")


@_attrs_define
class QueueConfig:
    """
    Attributes:
        batch_size (int):
        device_id (str):
        interval_ms (int):
        max_attempts (int):
        paused (bool): Paused: waiting messages stay, new ones are queued paused.
        delay_secs (float): Seconds between two messages: `intervalMs / batchSize / 1000`.
        ignored (list[str]): The fields given that Gerbang does not use (`stalledTimeout`).
        updated_at (datetime.datetime | None | Unset):
    """

    batch_size: int
    device_id: str
    interval_ms: int
    max_attempts: int
    paused: bool
    delay_secs: float
    ignored: list[str]
    updated_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_size = self.batch_size

        device_id = self.device_id

        interval_ms = self.interval_ms

        max_attempts = self.max_attempts

        paused = self.paused

        delay_secs = self.delay_secs

        ignored = self.ignored

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "batchSize": batch_size,
                "deviceId": device_id,
                "intervalMs": interval_ms,
                "maxAttempts": max_attempts,
                "paused": paused,
                "delaySecs": delay_secs,
                "ignored": ignored,
            }
        )
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        batch_size = d.pop("batchSize")

        device_id = d.pop("deviceId")

        interval_ms = d.pop("intervalMs")

        max_attempts = d.pop("maxAttempts")

        paused = d.pop("paused")

        delay_secs = d.pop("delaySecs")

        ignored = cast(list[str], d.pop("ignored"))

        def _parse_updated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        updated_at = _parse_updated_at(d.pop("updatedAt", UNSET))

        queue_config = cls(
            batch_size=batch_size,
            device_id=device_id,
            interval_ms=interval_ms,
            max_attempts=max_attempts,
            paused=paused,
            delay_secs=delay_secs,
            ignored=ignored,
            updated_at=updated_at,
        )

        queue_config.additional_properties = d
        return queue_config

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
