from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_entry_details import AuditEntryDetails


T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """One administrative action. Actor name is copied so the entry survives the actor's deletion.

    Attributes:
        action (str): Dotted action name, e.g. `user.create`, `user.lock`, `device.delete`.
        actor_username (str):
        created_at (datetime.datetime):
        details (AuditEntryDetails): What changed; never contains passwords or secrets.
        id (int):
        target_id (str):
        target_type (str):
        actor_id (int | None | Unset):
        ip (None | str | Unset):
    """

    action: str
    actor_username: str
    created_at: datetime.datetime
    details: AuditEntryDetails
    id: int
    target_id: str
    target_type: str
    actor_id: int | None | Unset = UNSET
    ip: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor_username = self.actor_username

        created_at = self.created_at.isoformat()

        details = self.details.to_dict()

        id = self.id

        target_id = self.target_id

        target_type = self.target_type

        actor_id: int | None | Unset
        if isinstance(self.actor_id, Unset):
            actor_id = UNSET
        else:
            actor_id = self.actor_id

        ip: None | str | Unset
        if isinstance(self.ip, Unset):
            ip = UNSET
        else:
            ip = self.ip

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actorUsername": actor_username,
                "createdAt": created_at,
                "details": details,
                "id": id,
                "targetId": target_id,
                "targetType": target_type,
            }
        )
        if actor_id is not UNSET:
            field_dict["actorId"] = actor_id
        if ip is not UNSET:
            field_dict["ip"] = ip

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_details import AuditEntryDetails  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        actor_username = d.pop("actorUsername")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        details = AuditEntryDetails.from_dict(d.pop("details"))

        id = d.pop("id")

        target_id = d.pop("targetId")

        target_type = d.pop("targetType")

        def _parse_actor_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        actor_id = _parse_actor_id(d.pop("actorId", UNSET))

        def _parse_ip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ip = _parse_ip(d.pop("ip", UNSET))

        audit_entry = cls(
            action=action,
            actor_username=actor_username,
            created_at=created_at,
            details=details,
            id=id,
            target_id=target_id,
            target_type=target_type,
            actor_id=actor_id,
            ip=ip,
        )

        audit_entry.additional_properties = d
        return audit_entry

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
