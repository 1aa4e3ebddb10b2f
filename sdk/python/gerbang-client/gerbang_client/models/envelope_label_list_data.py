from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.label_with_chats import LabelWithChats


T = TypeVar("T", bound="EnvelopeLabelListData")


@_attrs_define
class EnvelopeLabelListData:
    """
    Attributes:
        device_id (str):
        labels (list[LabelWithChats]):
    """

    device_id: str
    labels: list[LabelWithChats]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "labels": labels,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_with_chats import LabelWithChats  # noqa: PLC0415

        d = dict(src_dict)
        device_id = d.pop("deviceId")

        labels = []
        _labels = d.pop("labels")
        for labels_item_data in _labels:
            labels_item = LabelWithChats.from_dict(labels_item_data)

            labels.append(labels_item)

        envelope_label_list_data = cls(
            device_id=device_id,
            labels=labels,
        )

        envelope_label_list_data.additional_properties = d
        return envelope_label_list_data

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
