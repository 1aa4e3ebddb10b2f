from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MessageLabelDone")


@_attrs_define
class MessageLabelDone:
    """
    Attributes:
        chat_jid (str):
        device_id (str):
        label_id (str):
        labeled (bool):
        labels (list[str]): The ids of the labels on the message after the change.
        message_id (str):
        simulated (bool):
    """

    chat_jid: str
    device_id: str
    label_id: str
    labeled: bool
    labels: list[str]
    message_id: str
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chat_jid = self.chat_jid

        device_id = self.device_id

        label_id = self.label_id

        labeled = self.labeled

        labels = self.labels

        message_id = self.message_id

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chatJid": chat_jid,
                "deviceId": device_id,
                "labelId": label_id,
                "labeled": labeled,
                "labels": labels,
                "messageId": message_id,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        chat_jid = d.pop("chatJid")

        device_id = d.pop("deviceId")

        label_id = d.pop("labelId")

        labeled = d.pop("labeled")

        labels = cast(list[str], d.pop("labels"))

        message_id = d.pop("messageId")

        simulated = d.pop("simulated")

        message_label_done = cls(
            chat_jid=chat_jid,
            device_id=device_id,
            label_id=label_id,
            labeled=labeled,
            labels=labels,
            message_id=message_id,
            simulated=simulated,
        )

        message_label_done.additional_properties = d
        return message_label_done

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
