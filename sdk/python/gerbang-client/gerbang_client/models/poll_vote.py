from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PollVote")


@_attrs_define
class PollVote:
    """One voter's current vote in a poll.

    Attributes:
        from_me (bool): The vote is this device's own.
        selected (list[str]): Option names; empty when the vote was taken back.
        vote_id (str): The vote's own message id.
        voted_at (datetime.datetime):
        voter_jid (str):
        voter_phone (None | str | Unset):
    """

    from_me: bool
    selected: list[str]
    vote_id: str
    voted_at: datetime.datetime
    voter_jid: str
    voter_phone: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_me = self.from_me

        selected = self.selected

        vote_id = self.vote_id

        voted_at = self.voted_at.isoformat()

        voter_jid = self.voter_jid

        voter_phone: None | str | Unset
        if isinstance(self.voter_phone, Unset):
            voter_phone = UNSET
        else:
            voter_phone = self.voter_phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fromMe": from_me,
                "selected": selected,
                "voteId": vote_id,
                "votedAt": voted_at,
                "voterJid": voter_jid,
            }
        )
        if voter_phone is not UNSET:
            field_dict["voterPhone"] = voter_phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_me = d.pop("fromMe")

        selected = cast(list[str], d.pop("selected"))

        vote_id = d.pop("voteId")

        voted_at = datetime.datetime.fromisoformat(d.pop("votedAt"))

        voter_jid = d.pop("voterJid")

        def _parse_voter_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        voter_phone = _parse_voter_phone(d.pop("voterPhone", UNSET))

        poll_vote = cls(
            from_me=from_me,
            selected=selected,
            vote_id=vote_id,
            voted_at=voted_at,
            voter_jid=voter_jid,
            voter_phone=voter_phone,
        )

        poll_vote.additional_properties = d
        return poll_vote

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
