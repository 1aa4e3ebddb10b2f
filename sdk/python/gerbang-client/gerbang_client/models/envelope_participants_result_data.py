from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.participant_action import ParticipantAction

if TYPE_CHECKING:
    from ..models.participant_outcome import ParticipantOutcome


T = TypeVar("T", bound="EnvelopeParticipantsResultData")


@_attrs_define
class EnvelopeParticipantsResultData:
    """
    Attributes:
        action (ParticipantAction):
        group_jid (str): A WhatsApp address: `628123456789@s.whatsapp.net`, `120363…@g.us`, `1234…@lid`.
        results (list[ParticipantOutcome]): One outcome per member named: WhatsApp answers member by member.
        simulated (bool):
    """

    action: ParticipantAction
    group_jid: str
    results: list[ParticipantOutcome]
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        group_jid = self.group_jid

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "groupJid": group_jid,
                "results": results,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.participant_outcome import ParticipantOutcome  # noqa: PLC0415

        d = dict(src_dict)
        action = ParticipantAction(d.pop("action"))

        group_jid = d.pop("groupJid")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = ParticipantOutcome.from_dict(results_item_data)

            results.append(results_item)

        simulated = d.pop("simulated")

        envelope_participants_result_data = cls(
            action=action,
            group_jid=group_jid,
            results=results,
            simulated=simulated,
        )

        envelope_participants_result_data.additional_properties = d
        return envelope_participants_result_data

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
