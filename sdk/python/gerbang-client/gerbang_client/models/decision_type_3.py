from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.decision_type_3_action import DecisionType3Action
from ..types import UNSET, Unset

T = TypeVar("T", bound="DecisionType3")


@_attrs_define
class DecisionType3:
    """
    Attributes:
        action (DecisionType3Action):
        handoff (bool): The rule also hands the chat to a person.
        reply (str):
        rule_id (int):
        rule_name (str):
        media_url (None | str | Unset):
    """

    action: DecisionType3Action
    handoff: bool
    reply: str
    rule_id: int
    rule_name: str
    media_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        handoff = self.handoff

        reply = self.reply

        rule_id = self.rule_id

        rule_name = self.rule_name

        media_url: None | str | Unset
        if isinstance(self.media_url, Unset):
            media_url = UNSET
        else:
            media_url = self.media_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "handoff": handoff,
                "reply": reply,
                "ruleId": rule_id,
                "ruleName": rule_name,
            }
        )
        if media_url is not UNSET:
            field_dict["mediaUrl"] = media_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = DecisionType3Action(d.pop("action"))

        handoff = d.pop("handoff")

        reply = d.pop("reply")

        rule_id = d.pop("ruleId")

        rule_name = d.pop("ruleName")

        def _parse_media_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        media_url = _parse_media_url(d.pop("mediaUrl", UNSET))

        decision_type_3 = cls(
            action=action,
            handoff=handoff,
            reply=reply,
            rule_id=rule_id,
            rule_name=rule_name,
            media_url=media_url,
        )

        decision_type_3.additional_properties = d
        return decision_type_3

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
