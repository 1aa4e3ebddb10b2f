from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.enqueued import Enqueued


T = TypeVar("T", bound="QueuedReply")


@_attrs_define
class QueuedReply:
    """Seed 003 answers a queued send with `200 {success: true, queued: true}`; its clients read
    `queued` at the top, so it is there beside Gerbang's usual `data`.

        Attributes:
            data (Enqueued): The answer to a queued send (seed 003's fields).
            queued (bool):
            success (bool):
    """

    data: Enqueued
    queued: bool
    success: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        queued = self.queued

        success = self.success

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "queued": queued,
                "success": success,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.enqueued import Enqueued  # noqa: PLC0415

        d = dict(src_dict)
        data = Enqueued.from_dict(d.pop("data"))

        queued = d.pop("queued")

        success = d.pop("success")

        queued_reply = cls(
            data=data,
            queued=queued,
            success=success,
        )

        queued_reply.additional_properties = d
        return queued_reply

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
