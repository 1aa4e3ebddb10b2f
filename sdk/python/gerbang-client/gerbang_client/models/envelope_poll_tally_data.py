from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.poll_option_tally import PollOptionTally
    from ..models.poll_vote import PollVote


T = TypeVar("T", bound="EnvelopePollTallyData")


@_attrs_define
class EnvelopePollTallyData:
    """A poll and its current votes.

    Attributes:
        chat_jid (str):
        from_me (bool):
        message_id (str):
        options (list[PollOptionTally]):
        question (str):
        selectable_count (int): 1 for a single-choice poll.
        total_voters (int): How many voters have a vote now.
        votes (list[PollVote]): Everyone's current vote, oldest first (taken-back votes included, with no options).
    """

    chat_jid: str
    from_me: bool
    message_id: str
    options: list[PollOptionTally]
    question: str
    selectable_count: int
    total_voters: int
    votes: list[PollVote]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chat_jid = self.chat_jid

        from_me = self.from_me

        message_id = self.message_id

        options = []
        for options_item_data in self.options:
            options_item = options_item_data.to_dict()
            options.append(options_item)

        question = self.question

        selectable_count = self.selectable_count

        total_voters = self.total_voters

        votes = []
        for votes_item_data in self.votes:
            votes_item = votes_item_data.to_dict()
            votes.append(votes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chatJid": chat_jid,
                "fromMe": from_me,
                "messageId": message_id,
                "options": options,
                "question": question,
                "selectableCount": selectable_count,
                "totalVoters": total_voters,
                "votes": votes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.poll_option_tally import PollOptionTally  # noqa: PLC0415
        from ..models.poll_vote import PollVote  # noqa: PLC0415

        d = dict(src_dict)
        chat_jid = d.pop("chatJid")

        from_me = d.pop("fromMe")

        message_id = d.pop("messageId")

        options = []
        _options = d.pop("options")
        for options_item_data in _options:
            options_item = PollOptionTally.from_dict(options_item_data)

            options.append(options_item)

        question = d.pop("question")

        selectable_count = d.pop("selectableCount")

        total_voters = d.pop("totalVoters")

        votes = []
        _votes = d.pop("votes")
        for votes_item_data in _votes:
            votes_item = PollVote.from_dict(votes_item_data)

            votes.append(votes_item)

        envelope_poll_tally_data = cls(
            chat_jid=chat_jid,
            from_me=from_me,
            message_id=message_id,
            options=options,
            question=question,
            selectable_count=selectable_count,
            total_voters=total_voters,
            votes=votes,
        )

        envelope_poll_tally_data.additional_properties = d
        return envelope_poll_tally_data

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
