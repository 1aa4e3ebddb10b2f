from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.channel_info import ChannelInfo


T = TypeVar("T", bound="ChannelView")


@_attrs_define
class ChannelView:
    """
    Attributes:
        channel (ChannelInfo): A channel as WhatsApp describes it to this account.
        device_id (str):
        following (bool): Whether this number follows the channel (after a follow or unfollow: the new state).
        simulated (bool):
    """

    channel: ChannelInfo
    device_id: str
    following: bool
    simulated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.to_dict()

        device_id = self.device_id

        following = self.following

        simulated = self.simulated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel": channel,
                "deviceId": device_id,
                "following": following,
                "simulated": simulated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_info import ChannelInfo  # noqa: PLC0415

        d = dict(src_dict)
        channel = ChannelInfo.from_dict(d.pop("channel"))

        device_id = d.pop("deviceId")

        following = d.pop("following")

        simulated = d.pop("simulated")

        channel_view = cls(
            channel=channel,
            device_id=device_id,
            following=following,
            simulated=simulated,
        )

        channel_view.additional_properties = d
        return channel_view

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
