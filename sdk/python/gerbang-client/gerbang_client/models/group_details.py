from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.participant_role import ParticipantRole
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.group_participant import GroupParticipant


T = TypeVar("T", bound="GroupDetails")


@_attrs_define
class GroupDetails:
    """
    Attributes:
        announce (bool): Only admins may send messages.
        jid (str): A WhatsApp address: `628123456789@s.whatsapp.net`, `120363…@g.us`, `1234…@lid`.
        locked (bool): Only admins may change the subject, description and settings.
        participants (list[GroupParticipant]):
        subject (str):
        device_id (str):
        updated_at (datetime.datetime): When the cache last changed for this group.
        cached (bool):
        simulated (bool):
        created_at (datetime.datetime | None | Unset):
        description (None | str | Unset):
        owner (None | str | Unset):
        invite_link (None | str | Unset): `https://chat.whatsapp.com/…`, when this device is an admin and connected.
        my_role (None | ParticipantRole | Unset):
    """

    announce: bool
    jid: str
    locked: bool
    participants: list[GroupParticipant]
    subject: str
    device_id: str
    updated_at: datetime.datetime
    cached: bool
    simulated: bool
    created_at: datetime.datetime | None | Unset = UNSET
    description: None | str | Unset = UNSET
    owner: None | str | Unset = UNSET
    invite_link: None | str | Unset = UNSET
    my_role: None | ParticipantRole | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        announce = self.announce

        jid = self.jid

        locked = self.locked

        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)

        subject = self.subject

        device_id = self.device_id

        updated_at = self.updated_at.isoformat()

        cached = self.cached

        simulated = self.simulated

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        owner: None | str | Unset
        if isinstance(self.owner, Unset):
            owner = UNSET
        else:
            owner = self.owner

        invite_link: None | str | Unset
        if isinstance(self.invite_link, Unset):
            invite_link = UNSET
        else:
            invite_link = self.invite_link

        my_role: None | str | Unset
        if isinstance(self.my_role, Unset):
            my_role = UNSET
        elif isinstance(self.my_role, ParticipantRole):
            my_role = self.my_role.value
        else:
            my_role = self.my_role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "announce": announce,
                "jid": jid,
                "locked": locked,
                "participants": participants,
                "subject": subject,
                "deviceId": device_id,
                "updatedAt": updated_at,
                "cached": cached,
                "simulated": simulated,
            }
        )
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if description is not UNSET:
            field_dict["description"] = description
        if owner is not UNSET:
            field_dict["owner"] = owner
        if invite_link is not UNSET:
            field_dict["inviteLink"] = invite_link
        if my_role is not UNSET:
            field_dict["myRole"] = my_role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group_participant import GroupParticipant  # noqa: PLC0415

        d = dict(src_dict)
        announce = d.pop("announce")

        jid = d.pop("jid")

        locked = d.pop("locked")

        participants = []
        _participants = d.pop("participants")
        for participants_item_data in _participants:
            participants_item = GroupParticipant.from_dict(participants_item_data)

            participants.append(participants_item)

        subject = d.pop("subject")

        device_id = d.pop("deviceId")

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        cached = d.pop("cached")

        simulated = d.pop("simulated")

        def _parse_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)

                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        created_at = _parse_created_at(d.pop("createdAt", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_owner(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        owner = _parse_owner(d.pop("owner", UNSET))

        def _parse_invite_link(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invite_link = _parse_invite_link(d.pop("inviteLink", UNSET))

        def _parse_my_role(data: object) -> None | ParticipantRole | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                my_role_type_1 = ParticipantRole(data)

                return my_role_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ParticipantRole | Unset, data)

        my_role = _parse_my_role(d.pop("myRole", UNSET))

        group_details = cls(
            announce=announce,
            jid=jid,
            locked=locked,
            participants=participants,
            subject=subject,
            device_id=device_id,
            updated_at=updated_at,
            cached=cached,
            simulated=simulated,
            created_at=created_at,
            description=description,
            owner=owner,
            invite_link=invite_link,
            my_role=my_role,
        )

        group_details.additional_properties = d
        return group_details

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
