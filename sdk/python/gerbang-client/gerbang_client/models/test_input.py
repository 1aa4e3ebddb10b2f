from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TestInput")


@_attrs_define
class TestInput:
    """
    Attributes:
        message (str):
        first_contact (bool | Unset): Without `from`: pretend the sender writes for the first time.
        from_ (None | str | Unset): Take this contact's state (hand-off, recent replies, first contact) into account.
        is_group (bool | Unset):
    """

    message: str
    first_contact: bool | Unset = UNSET
    from_: None | str | Unset = UNSET
    is_group: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        first_contact = self.first_contact

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        else:
            from_ = self.from_

        is_group = self.is_group

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if first_contact is not UNSET:
            field_dict["firstContact"] = first_contact
        if from_ is not UNSET:
            field_dict["from"] = from_
        if is_group is not UNSET:
            field_dict["isGroup"] = is_group

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        first_contact = d.pop("firstContact", UNSET)

        def _parse_from_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        is_group = d.pop("isGroup", UNSET)

        test_input = cls(
            message=message,
            first_contact=first_contact,
            from_=from_,
            is_group=is_group,
        )

        test_input.additional_properties = d
        return test_input

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
