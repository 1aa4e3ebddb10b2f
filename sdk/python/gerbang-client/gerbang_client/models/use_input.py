from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.use_input_variables import UseInputVariables


T = TypeVar("T", bound="UseInput")


@_attrs_define
class UseInput:
    """
    Attributes:
        device_id (str): The device to send from.
        contact_id (int | None | Unset):
        phone (None | str | Unset): The recipient; or `contactId` for a saved contact (whose fields fill the variables).
            Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
            (the names earlier gateways used).
        variables (UseInputVariables | Unset):
    """

    device_id: str
    contact_id: int | None | Unset = UNSET
    phone: None | str | Unset = UNSET
    variables: UseInputVariables | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        contact_id: int | None | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
            }
        )
        if contact_id is not UNSET:
            field_dict["contactId"] = contact_id
        if phone is not UNSET:
            field_dict["phone"] = phone
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.use_input_variables import UseInputVariables  # noqa: PLC0415

        d = dict(src_dict)
        device_id = d.pop("deviceId")

        def _parse_contact_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        contact_id = _parse_contact_id(d.pop("contactId", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        _variables = d.pop("variables", UNSET)
        variables: UseInputVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = UseInputVariables.from_dict(_variables)

        use_input = cls(
            device_id=device_id,
            contact_id=contact_id,
            phone=phone,
            variables=variables,
        )

        use_input.additional_properties = d
        return use_input

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
