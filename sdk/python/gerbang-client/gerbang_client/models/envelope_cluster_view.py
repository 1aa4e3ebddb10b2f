from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.envelope_cluster_view_data import EnvelopeClusterViewData


T = TypeVar("T", bound="EnvelopeClusterView")


@_attrs_define
class EnvelopeClusterView:
    """
    Attributes:
        data (EnvelopeClusterViewData): `GET /api/admin/cluster`.
        success (bool): Always `true`.
    """

    data: EnvelopeClusterViewData
    success: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        success = self.success

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "success": success,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.envelope_cluster_view_data import EnvelopeClusterViewData  # noqa: PLC0415

        d = dict(src_dict)
        data = EnvelopeClusterViewData.from_dict(d.pop("data"))

        success = d.pop("success")

        envelope_cluster_view = cls(
            data=data,
            success=success,
        )

        envelope_cluster_view.additional_properties = d
        return envelope_cluster_view

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
