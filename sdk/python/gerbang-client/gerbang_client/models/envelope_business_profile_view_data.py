from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.business_profile import BusinessProfile


T = TypeVar("T", bound="EnvelopeBusinessProfileViewData")


@_attrs_define
class EnvelopeBusinessProfileViewData:
    """
    Attributes:
        device_id (str):
        is_business (bool): Whether the number is a WhatsApp Business account.
        jid (str):  Example: 6281234567890@s.whatsapp.net.
        simulated (bool):
        profile (BusinessProfile | None | Unset):
    """

    device_id: str
    is_business: bool
    jid: str
    simulated: bool
    profile: BusinessProfile | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.business_profile import BusinessProfile  # noqa: PLC0415

        device_id = self.device_id

        is_business = self.is_business

        jid = self.jid

        simulated = self.simulated

        profile: dict[str, Any] | None | Unset
        if isinstance(self.profile, Unset):
            profile = UNSET
        elif isinstance(self.profile, BusinessProfile):
            profile = self.profile.to_dict()
        else:
            profile = self.profile

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deviceId": device_id,
                "isBusiness": is_business,
                "jid": jid,
                "simulated": simulated,
            }
        )
        if profile is not UNSET:
            field_dict["profile"] = profile

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.business_profile import BusinessProfile  # noqa: PLC0415

        d = dict(src_dict)
        device_id = d.pop("deviceId")

        is_business = d.pop("isBusiness")

        jid = d.pop("jid")

        simulated = d.pop("simulated")

        def _parse_profile(data: object) -> BusinessProfile | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                profile_type_1 = BusinessProfile.from_dict(data)

                return profile_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BusinessProfile | None | Unset, data)

        profile = _parse_profile(d.pop("profile", UNSET))

        envelope_business_profile_view_data = cls(
            device_id=device_id,
            is_business=is_business,
            jid=jid,
            simulated=simulated,
            profile=profile,
        )

        envelope_business_profile_view_data.additional_properties = d
        return envelope_business_profile_view_data

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
