from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.memory_turn import MemoryTurn


T = TypeVar("T", bound="AiMemory")


@_attrs_define
class AiMemory:
    """What the AI remembers of a contact: their latest messages, oldest first.

    Attributes:
        contact_jid (str):
        turns (list[MemoryTurn]):
        cleared_at (datetime.datetime | None | Unset): Messages before this are forgotten (`DELETE
            …/history/{contact}`).
    """

    contact_jid: str
    turns: list[MemoryTurn]
    cleared_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_jid = self.contact_jid

        turns = []
        for turns_item_data in self.turns:
            turns_item = turns_item_data.to_dict()
            turns.append(turns_item)

        cleared_at: None | str | Unset
        if isinstance(self.cleared_at, Unset):
            cleared_at = UNSET
        elif isinstance(self.cleared_at, datetime.datetime):
            cleared_at = self.cleared_at.isoformat()
        else:
            cleared_at = self.cleared_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contactJid": contact_jid,
                "turns": turns,
            }
        )
        if cleared_at is not UNSET:
            field_dict["clearedAt"] = cleared_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.memory_turn import MemoryTurn  # noqa: PLC0415

        d = dict(src_dict)
        contact_jid = d.pop("contactJid")

        turns = []
        _turns = d.pop("turns")
        for turns_item_data in _turns:
            turns_item = MemoryTurn.from_dict(turns_item_data)

            turns.append(turns_item)

        def _parse_cleared_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cleared_at_type_0 = datetime.datetime.fromisoformat(data)

                return cleared_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        cleared_at = _parse_cleared_at(d.pop("clearedAt", UNSET))

        ai_memory = cls(
            contact_jid=contact_jid,
            turns=turns,
            cleared_at=cleared_at,
        )

        ai_memory.additional_properties = d
        return ai_memory

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
