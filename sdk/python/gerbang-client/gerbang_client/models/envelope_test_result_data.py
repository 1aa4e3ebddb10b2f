from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.decision_type_0 import DecisionType0
    from ..models.decision_type_1 import DecisionType1
    from ..models.decision_type_2 import DecisionType2
    from ..models.decision_type_3 import DecisionType3
    from ..models.decision_type_4 import DecisionType4
    from ..models.decision_type_5 import DecisionType5
    from ..models.decision_type_6 import DecisionType6


T = TypeVar("T", bound="EnvelopeTestResultData")


@_attrs_define
class EnvelopeTestResultData:
    """
    Attributes:
        decision (DecisionType0 | DecisionType1 | DecisionType2 | DecisionType3 | DecisionType4 | DecisionType5 |
            DecisionType6):
        enabled (bool): The bot is switched off: live messages would get no answer at all.
        open_ (bool): Whether the business is open now.
        text (None | str | Unset): The reply as it would be sent (one spintax pick).
    """

    decision: (
        DecisionType0 | DecisionType1 | DecisionType2 | DecisionType3 | DecisionType4 | DecisionType5 | DecisionType6
    )
    enabled: bool
    open_: bool
    text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.decision_type_0 import DecisionType0  # noqa: PLC0415
        from ..models.decision_type_1 import DecisionType1  # noqa: PLC0415
        from ..models.decision_type_2 import DecisionType2  # noqa: PLC0415
        from ..models.decision_type_3 import DecisionType3  # noqa: PLC0415
        from ..models.decision_type_4 import DecisionType4  # noqa: PLC0415
        from ..models.decision_type_5 import DecisionType5  # noqa: PLC0415

        decision: dict[str, Any]
        if isinstance(self.decision, DecisionType0):
            decision = self.decision.to_dict()
        elif isinstance(self.decision, DecisionType1):
            decision = self.decision.to_dict()
        elif isinstance(self.decision, DecisionType2):
            decision = self.decision.to_dict()
        elif isinstance(self.decision, DecisionType3):
            decision = self.decision.to_dict()
        elif isinstance(self.decision, DecisionType4):
            decision = self.decision.to_dict()
        elif isinstance(self.decision, DecisionType5):
            decision = self.decision.to_dict()
        else:
            decision = self.decision.to_dict()

        enabled = self.enabled

        open_ = self.open_

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "enabled": enabled,
                "open": open_,
            }
        )
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.decision_type_0 import DecisionType0  # noqa: PLC0415
        from ..models.decision_type_1 import DecisionType1  # noqa: PLC0415
        from ..models.decision_type_2 import DecisionType2  # noqa: PLC0415
        from ..models.decision_type_3 import DecisionType3  # noqa: PLC0415
        from ..models.decision_type_4 import DecisionType4  # noqa: PLC0415
        from ..models.decision_type_5 import DecisionType5  # noqa: PLC0415
        from ..models.decision_type_6 import DecisionType6  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_decision(
            data: object,
        ) -> (
            DecisionType0
            | DecisionType1
            | DecisionType2
            | DecisionType3
            | DecisionType4
            | DecisionType5
            | DecisionType6
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_decision_type_0 = DecisionType0.from_dict(data)

                return componentsschemas_decision_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_decision_type_1 = DecisionType1.from_dict(data)

                return componentsschemas_decision_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_decision_type_2 = DecisionType2.from_dict(data)

                return componentsschemas_decision_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_decision_type_3 = DecisionType3.from_dict(data)

                return componentsschemas_decision_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_decision_type_4 = DecisionType4.from_dict(data)

                return componentsschemas_decision_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_decision_type_5 = DecisionType5.from_dict(data)

                return componentsschemas_decision_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_decision_type_6 = DecisionType6.from_dict(data)

            return componentsschemas_decision_type_6

        decision = _parse_decision(d.pop("decision"))

        enabled = d.pop("enabled")

        open_ = d.pop("open")

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        envelope_test_result_data = cls(
            decision=decision,
            enabled=enabled,
            open_=open_,
            text=text,
        )

        envelope_test_result_data.additional_properties = d
        return envelope_test_result_data

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
