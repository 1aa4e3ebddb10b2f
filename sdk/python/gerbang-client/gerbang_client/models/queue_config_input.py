from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QueueConfigInput")


@_attrs_define
class QueueConfigInput:
    """
    Attributes:
        concurrency (int | None | Unset): Messages per interval, 1 to 10 (seed 003's `concurrency`; also `batchSize`).
        max_attempts (int | None | Unset): Tries for a failure that is safe to retry, 1 to 20 (also `retries`,
            `maxRetries`).
        process_interval (int | None | Unset): The interval in milliseconds, 2000 to 86400000 (seed 003's
            `processInterval`; also
            `interval`).
        stalled_timeout (int | None | Unset): Accepted (at least 60000) for seed 003's clients and not used: a send that
            stalls is
            never repeated automatically here; after a crash it is `uncertain`.
    """

    concurrency: int | None | Unset = UNSET
    max_attempts: int | None | Unset = UNSET
    process_interval: int | None | Unset = UNSET
    stalled_timeout: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        concurrency: int | None | Unset
        if isinstance(self.concurrency, Unset):
            concurrency = UNSET
        else:
            concurrency = self.concurrency

        max_attempts: int | None | Unset
        if isinstance(self.max_attempts, Unset):
            max_attempts = UNSET
        else:
            max_attempts = self.max_attempts

        process_interval: int | None | Unset
        if isinstance(self.process_interval, Unset):
            process_interval = UNSET
        else:
            process_interval = self.process_interval

        stalled_timeout: int | None | Unset
        if isinstance(self.stalled_timeout, Unset):
            stalled_timeout = UNSET
        else:
            stalled_timeout = self.stalled_timeout

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if concurrency is not UNSET:
            field_dict["concurrency"] = concurrency
        if max_attempts is not UNSET:
            field_dict["maxAttempts"] = max_attempts
        if process_interval is not UNSET:
            field_dict["processInterval"] = process_interval
        if stalled_timeout is not UNSET:
            field_dict["stalledTimeout"] = stalled_timeout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_concurrency(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        concurrency = _parse_concurrency(d.pop("concurrency", UNSET))

        def _parse_max_attempts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_attempts = _parse_max_attempts(d.pop("maxAttempts", UNSET))

        def _parse_process_interval(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        process_interval = _parse_process_interval(d.pop("processInterval", UNSET))

        def _parse_stalled_timeout(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stalled_timeout = _parse_stalled_timeout(d.pop("stalledTimeout", UNSET))

        queue_config_input = cls(
            concurrency=concurrency,
            max_attempts=max_attempts,
            process_interval=process_interval,
            stalled_timeout=stalled_timeout,
        )

        queue_config_input.additional_properties = d
        return queue_config_input

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
