from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_status import MessageStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_info import MediaInfo
    from ..models.message_extra import MessageExtra


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """
    Attributes:
        chat_jid (str): The conversation: the other person's or the group's JID.
        created_at (datetime.datetime):
        deleted (bool):
        device_id (str):
        edited (bool):
        extra (MessageExtra): Type-specific details: location coordinates, contact vCard, reaction emoji and target.
        from_me (bool):
        id (int):
        is_read (bool): Inbound only: whether the chat was marked read since it arrived.
        mentions (list[str]):
        message_id (str): WhatsApp's message id.
        message_type (str): `text`, `image`, `video`, `audio`, `voice`, `document`, `sticker`, `location`, `contact`,
            `reaction`, `edit`, `revoke`.
        status (MessageStatus):
        timestamp (datetime.datetime):
        updated_at (datetime.datetime):
        body (None | str | Unset): Text, or the caption of media.
        failure_reason (None | str | Unset):
        media (MediaInfo | None | Unset):
        push_name (None | str | Unset): The sender's WhatsApp display name.
        quoted_id (None | str | Unset):
        sender_jid (None | str | Unset): Who wrote it (a group member in groups); absent for our own messages.
        sender_lid (None | str | Unset):
        sender_phone (None | str | Unset):
    """

    chat_jid: str
    created_at: datetime.datetime
    deleted: bool
    device_id: str
    edited: bool
    extra: MessageExtra
    from_me: bool
    id: int
    is_read: bool
    mentions: list[str]
    message_id: str
    message_type: str
    status: MessageStatus
    timestamp: datetime.datetime
    updated_at: datetime.datetime
    body: None | str | Unset = UNSET
    failure_reason: None | str | Unset = UNSET
    media: MediaInfo | None | Unset = UNSET
    push_name: None | str | Unset = UNSET
    quoted_id: None | str | Unset = UNSET
    sender_jid: None | str | Unset = UNSET
    sender_lid: None | str | Unset = UNSET
    sender_phone: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.media_info import MediaInfo  # noqa: PLC0415

        chat_jid = self.chat_jid

        created_at = self.created_at.isoformat()

        deleted = self.deleted

        device_id = self.device_id

        edited = self.edited

        extra = self.extra.to_dict()

        from_me = self.from_me

        id = self.id

        is_read = self.is_read

        mentions = self.mentions

        message_id = self.message_id

        message_type = self.message_type

        status = self.status.value

        timestamp = self.timestamp.isoformat()

        updated_at = self.updated_at.isoformat()

        body: None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        else:
            body = self.body

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        media: dict[str, Any] | None | Unset
        if isinstance(self.media, Unset):
            media = UNSET
        elif isinstance(self.media, MediaInfo):
            media = self.media.to_dict()
        else:
            media = self.media

        push_name: None | str | Unset
        if isinstance(self.push_name, Unset):
            push_name = UNSET
        else:
            push_name = self.push_name

        quoted_id: None | str | Unset
        if isinstance(self.quoted_id, Unset):
            quoted_id = UNSET
        else:
            quoted_id = self.quoted_id

        sender_jid: None | str | Unset
        if isinstance(self.sender_jid, Unset):
            sender_jid = UNSET
        else:
            sender_jid = self.sender_jid

        sender_lid: None | str | Unset
        if isinstance(self.sender_lid, Unset):
            sender_lid = UNSET
        else:
            sender_lid = self.sender_lid

        sender_phone: None | str | Unset
        if isinstance(self.sender_phone, Unset):
            sender_phone = UNSET
        else:
            sender_phone = self.sender_phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chatJid": chat_jid,
                "createdAt": created_at,
                "deleted": deleted,
                "deviceId": device_id,
                "edited": edited,
                "extra": extra,
                "fromMe": from_me,
                "id": id,
                "isRead": is_read,
                "mentions": mentions,
                "messageId": message_id,
                "messageType": message_type,
                "status": status,
                "timestamp": timestamp,
                "updatedAt": updated_at,
            }
        )
        if body is not UNSET:
            field_dict["body"] = body
        if failure_reason is not UNSET:
            field_dict["failureReason"] = failure_reason
        if media is not UNSET:
            field_dict["media"] = media
        if push_name is not UNSET:
            field_dict["pushName"] = push_name
        if quoted_id is not UNSET:
            field_dict["quotedId"] = quoted_id
        if sender_jid is not UNSET:
            field_dict["senderJid"] = sender_jid
        if sender_lid is not UNSET:
            field_dict["senderLid"] = sender_lid
        if sender_phone is not UNSET:
            field_dict["senderPhone"] = sender_phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_info import MediaInfo  # noqa: PLC0415
        from ..models.message_extra import MessageExtra  # noqa: PLC0415

        d = dict(src_dict)
        chat_jid = d.pop("chatJid")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        deleted = d.pop("deleted")

        device_id = d.pop("deviceId")

        edited = d.pop("edited")

        extra = MessageExtra.from_dict(d.pop("extra"))

        from_me = d.pop("fromMe")

        id = d.pop("id")

        is_read = d.pop("isRead")

        mentions = cast(list[str], d.pop("mentions"))

        message_id = d.pop("messageId")

        message_type = d.pop("messageType")

        status = MessageStatus(d.pop("status"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        def _parse_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failureReason", UNSET))

        def _parse_media(data: object) -> MediaInfo | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                media_type_1 = MediaInfo.from_dict(data)

                return media_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MediaInfo | None | Unset, data)

        media = _parse_media(d.pop("media", UNSET))

        def _parse_push_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        push_name = _parse_push_name(d.pop("pushName", UNSET))

        def _parse_quoted_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quoted_id = _parse_quoted_id(d.pop("quotedId", UNSET))

        def _parse_sender_jid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sender_jid = _parse_sender_jid(d.pop("senderJid", UNSET))

        def _parse_sender_lid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sender_lid = _parse_sender_lid(d.pop("senderLid", UNSET))

        def _parse_sender_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sender_phone = _parse_sender_phone(d.pop("senderPhone", UNSET))

        message = cls(
            chat_jid=chat_jid,
            created_at=created_at,
            deleted=deleted,
            device_id=device_id,
            edited=edited,
            extra=extra,
            from_me=from_me,
            id=id,
            is_read=is_read,
            mentions=mentions,
            message_id=message_id,
            message_type=message_type,
            status=status,
            timestamp=timestamp,
            updated_at=updated_at,
            body=body,
            failure_reason=failure_reason,
            media=media,
            push_name=push_name,
            quoted_id=quoted_id,
            sender_jid=sender_jid,
            sender_lid=sender_lid,
            sender_phone=sender_phone,
        )

        message.additional_properties = d
        return message

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
