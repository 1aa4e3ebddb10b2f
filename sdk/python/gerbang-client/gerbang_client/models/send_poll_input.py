from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SendPollInput")


@_attrs_define
class SendPollInput:
    """
    Attributes:
        options (list[str]): 2 to 12 distinct options of at most 100 characters each.
        phone (str): Phone number or JID of the chat; also accepted as `to`, `jid`, `recipient`, `number`,
            `phoneNumber`, `targetNumber` or `chatId`.
        question (str): At most 255 characters. Also accepted as `name`.
        multiple_answers (bool | Unset): Voters may pick several options (as many as there are); otherwise one.
    """

    options: list[str]
    phone: str
    question: str
    multiple_answers: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        options = self.options

        phone = self.phone

        question = self.question

        multiple_answers = self.multiple_answers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "options": options,
                "phone": phone,
                "question": question,
            }
        )
        if multiple_answers is not UNSET:
            field_dict["multipleAnswers"] = multiple_answers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        options = cast(list[str], d.pop("options"))

        phone = d.pop("phone")

        question = d.pop("question")

        multiple_answers = d.pop("multipleAnswers", UNSET)

        send_poll_input = cls(
            options=options,
            phone=phone,
            question=question,
            multiple_answers=multiple_answers,
        )

        send_poll_input.additional_properties = d
        return send_poll_input

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
