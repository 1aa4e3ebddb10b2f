from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Health")


@_attrs_define
class Health:
    """Kept in the shape earlier gateways answered (no envelope), so existing probes keep working.

    Attributes:
        backend (str): `sqlite` or `postgres`.
        database (str): `ok` or `unavailable`.
        message (str):
        status (str): `OK`, or `DEGRADED` when the database does not answer.
        timestamp (datetime.datetime):
        version (str):
    """

    backend: str
    database: str
    message: str
    status: str
    timestamp: datetime.datetime
    version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        backend = self.backend

        database = self.database

        message = self.message

        status = self.status

        timestamp = self.timestamp.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "backend": backend,
                "database": database,
                "message": message,
                "status": status,
                "timestamp": timestamp,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backend = d.pop("backend")

        database = d.pop("database")

        message = d.pop("message")

        status = d.pop("status")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        version = d.pop("version")

        health = cls(
            backend=backend,
            database=database,
            message=message,
            status=status,
            timestamp=timestamp,
            version=version,
        )

        health.additional_properties = d
        return health

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
