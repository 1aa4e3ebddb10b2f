from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.priority import Priority
from ..types import UNSET, Unset

T = TypeVar("T", bound="EnqueueInput")


@_attrs_define
class EnqueueInput:
    """
    Attributes:
        message (str): Also accepted as `text`.
        phone (str): Phone number (`0812…`, `+62 812-…`) or JID. Also accepted as `number` (seed 003's name),
            `to`, `jid`, `recipient`, `phoneNumber`, `targetNumber` or `chatId`.
        priority (Priority | Unset): Seed 003's `priority`; accepted and echoed. Messages go out first in, first out.
    """

    message: str
    phone: str
    priority: Priority | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        phone = self.phone

        priority: str | Unset = UNSET
        if not isinstance(self.priority, Unset):
            priority = self.priority.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
                "phone": phone,
            }
        )
        if priority is not UNSET:
            field_dict["priority"] = priority

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        phone = d.pop("phone")

        _priority = d.pop("priority", UNSET)
        priority: Priority | Unset
        if isinstance(_priority, Unset):
            priority = UNSET
        else:
            priority = Priority(_priority)

        enqueue_input = cls(
            message=message,
            phone=phone,
            priority=priority,
        )

        enqueue_input.additional_properties = d
        return enqueue_input

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
