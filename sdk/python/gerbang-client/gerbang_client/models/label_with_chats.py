from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.labeled_message import LabeledMessage


T = TypeVar("T", bound="LabelWithChats")


@_attrs_define
class LabelWithChats:
    """
    Attributes:
        color (int): WhatsApp's colour index, 0 to 19. Example: 2.
        id (str):  Example: 3.
        name (str):  Example: Pesanan baru.
        chats (list[str]): The chats the label is on.
        messages (list[LabeledMessage]): The single messages the label is on.
    """

    color: int
    id: str
    name: str
    chats: list[str]
    messages: list[LabeledMessage]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        color = self.color

        id = self.id

        name = self.name

        chats = self.chats

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "color": color,
                "id": id,
                "name": name,
                "chats": chats,
                "messages": messages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.labeled_message import LabeledMessage  # noqa: PLC0415

        d = dict(src_dict)
        color = d.pop("color")

        id = d.pop("id")

        name = d.pop("name")

        chats = cast(list[str], d.pop("chats"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = LabeledMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        label_with_chats = cls(
            color=color,
            id=id,
            name=name,
            chats=chats,
            messages=messages,
        )

        label_with_chats.additional_properties = d
        return label_with_chats

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
