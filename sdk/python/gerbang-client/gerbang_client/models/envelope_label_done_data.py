from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EnvelopeLabelDoneData")


@_attrs_define
class EnvelopeLabelDoneData:
    """
    Attributes:
        color (int): WhatsApp's colour index, 0 to 19. Example: 2.
        id (str):  Example: 3.
        name (str):  Example: Pesanan baru.
        deleted (bool):
        device_id (str):
        simulated (bool):
    """

    color: int
    id: str
    name: str
    deleted: bool
    device_id: str
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        color = self.color

        id = self.id

        name = self.name

        deleted = self.deleted

        device_id = self.device_id

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "color": color,
                "id": id,
                "name": name,
                "deleted": deleted,
                "deviceId": device_id,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        color = d.pop("color")

        id = d.pop("id")

        name = d.pop("name")

        deleted = d.pop("deleted")

        device_id = d.pop("deviceId")

        simulated = d.pop("simulated")

        envelope_label_done_data = cls(
            color=color,
            id=id,
            name=name,
            deleted=deleted,
            device_id=device_id,
            simulated=simulated,
        )

        envelope_label_done_data.additional_properties = d
        return envelope_label_done_data

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
