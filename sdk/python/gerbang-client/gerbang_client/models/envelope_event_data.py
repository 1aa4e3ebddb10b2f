from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.envelope_event_data_data import EnvelopeEventDataData


T = TypeVar("T", bound="EnvelopeEventData")


@_attrs_define
class EnvelopeEventData:
    """
    Attributes:
        created_at (datetime.datetime):
        data (EnvelopeEventDataData):
        id (int): Increasing; resume after it with `Last-Event-ID`.
        type_ (str):
        chat_jid (None | str | Unset): The conversation, for message and chat events (webhooks keep order per chat).
        device_id (None | str | Unset):
    """

    created_at: datetime.datetime
    data: EnvelopeEventDataData
    id: int
    type_: str
    chat_jid: None | str | Unset = UNSET
    device_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        data = self.data.to_dict()

        id = self.id

        type_ = self.type_

        chat_jid: None | str | Unset
        if isinstance(self.chat_jid, Unset):
            chat_jid = UNSET
        else:
            chat_jid = self.chat_jid

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "data": data,
                "id": id,
                "type": type_,
            }
        )
        if chat_jid is not UNSET:
            field_dict["chatJid"] = chat_jid
        if device_id is not UNSET:
            field_dict["deviceId"] = device_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.envelope_event_data_data import EnvelopeEventDataData  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        data = EnvelopeEventDataData.from_dict(d.pop("data"))

        id = d.pop("id")

        type_ = d.pop("type")

        def _parse_chat_jid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        chat_jid = _parse_chat_jid(d.pop("chatJid", UNSET))

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("deviceId", UNSET))

        envelope_event_data = cls(
            created_at=created_at,
            data=data,
            id=id,
            type_=type_,
            chat_jid=chat_jid,
            device_id=device_id,
        )

        envelope_event_data.additional_properties = d
        return envelope_event_data

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
