from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.recipient_status import RecipientStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.envelope_page_job_recipient_data_items_item_variables import (
        EnvelopePageJobRecipientDataItemsItemVariables,
    )


T = TypeVar("T", bound="EnvelopePageJobRecipientDataItemsItem")


@_attrs_define
class EnvelopePageJobRecipientDataItemsItem:
    """
    Attributes:
        id (int):
        jid (str): The chat the message goes to, e.g. `6281234567890@s.whatsapp.net` or a group's JID.
        position (int):
        status (RecipientStatus):
        variables (EnvelopePageJobRecipientDataItemsItemVariables):
        error (None | str | Unset):
        message_id (None | str | Unset):
        phone (None | str | Unset): The phone number of a person's chat (digits, country code first); absent for groups.
        sent_at (datetime.datetime | None | Unset):
    """

    id: int
    jid: str
    position: int
    status: RecipientStatus
    variables: EnvelopePageJobRecipientDataItemsItemVariables
    error: None | str | Unset = UNSET
    message_id: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    sent_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        jid = self.jid

        position = self.position

        status = self.status.value

        variables = self.variables.to_dict()

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        message_id: None | str | Unset
        if isinstance(self.message_id, Unset):
            message_id = UNSET
        else:
            message_id = self.message_id

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        sent_at: None | str | Unset
        if isinstance(self.sent_at, Unset):
            sent_at = UNSET
        elif isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "jid": jid,
                "position": position,
                "status": status,
                "variables": variables,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if message_id is not UNSET:
            field_dict["messageId"] = message_id
        if phone is not UNSET:
            field_dict["phone"] = phone
        if sent_at is not UNSET:
            field_dict["sentAt"] = sent_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.envelope_page_job_recipient_data_items_item_variables import (
            EnvelopePageJobRecipientDataItemsItemVariables,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("id")

        jid = d.pop("jid")

        position = d.pop("position")

        status = RecipientStatus(d.pop("status"))

        variables = EnvelopePageJobRecipientDataItemsItemVariables.from_dict(d.pop("variables"))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message_id = _parse_message_id(d.pop("messageId", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_sent_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        sent_at = _parse_sent_at(d.pop("sentAt", UNSET))

        envelope_page_job_recipient_data_items_item = cls(
            id=id,
            jid=jid,
            position=position,
            status=status,
            variables=variables,
            error=error,
            message_id=message_id,
            phone=phone,
            sent_at=sent_at,
        )

        envelope_page_job_recipient_data_items_item.additional_properties = d
        return envelope_page_job_recipient_data_items_item

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
