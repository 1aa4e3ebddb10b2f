from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.envelope_page_scheduled_message_data_items_item import EnvelopePageScheduledMessageDataItemsItem


T = TypeVar("T", bound="EnvelopePageScheduledMessageData")


@_attrs_define
class EnvelopePageScheduledMessageData:
    """One page of a list plus what a client needs to ask for the next.

    Attributes:
        items (list[EnvelopePageScheduledMessageDataItemsItem]):
        page (int):
        per_page (int):
        total (int):
        total_pages (int):
    """

    items: list[EnvelopePageScheduledMessageDataItemsItem]
    page: int
    per_page: int
    total: int
    total_pages: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        page = self.page

        per_page = self.per_page

        total = self.total

        total_pages = self.total_pages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "page": page,
                "perPage": per_page,
                "total": total,
                "totalPages": total_pages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.envelope_page_scheduled_message_data_items_item import EnvelopePageScheduledMessageDataItemsItem  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = EnvelopePageScheduledMessageDataItemsItem.from_dict(items_item_data)

            items.append(items_item)

        page = d.pop("page")

        per_page = d.pop("perPage")

        total = d.pop("total")

        total_pages = d.pop("totalPages")

        envelope_page_scheduled_message_data = cls(
            items=items,
            page=page,
            per_page=per_page,
            total=total,
            total_pages=total_pages,
        )

        envelope_page_scheduled_message_data.additional_properties = d
        return envelope_page_scheduled_message_data

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
