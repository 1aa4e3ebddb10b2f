from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.number_check import NumberCheck


T = TypeVar("T", bound="EnvelopeCheckNumbersResultData")


@_attrs_define
class EnvelopeCheckNumbersResultData:
    """
    Attributes:
        device_id (str):
        results (list[NumberCheck]): One per number given, in the same order.
        simulated (bool): True when the device runs on the simulator: nothing reached WhatsApp.
    """

    device_id: str
    results: list[NumberCheck]
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "results": results,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.number_check import NumberCheck  # noqa: PLC0415

        d = dict(src_dict)
        device_id = d.pop("deviceId")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = NumberCheck.from_dict(results_item_data)

            results.append(results_item)

        simulated = d.pop("simulated")

        envelope_check_numbers_result_data = cls(
            device_id=device_id,
            results=results,
            simulated=simulated,
        )

        envelope_check_numbers_result_data.additional_properties = d
        return envelope_check_numbers_result_data

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
