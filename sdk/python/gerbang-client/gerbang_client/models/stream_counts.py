from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user_streams import UserStreams


T = TypeVar("T", bound="StreamCounts")


@_attrs_define
class StreamCounts:
    """How many event streams and WebSockets are open on this node.

    Attributes:
        open_ (int):
        users (list[UserStreams]): Per user (a device API key's streams count for the device's owner).
    """

    open_: int
    users: list[UserStreams]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        open_ = self.open_

        users = []
        for users_item_data in self.users:
            users_item = users_item_data.to_dict()
            users.append(users_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "open": open_,
                "users": users,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_streams import UserStreams  # noqa: PLC0415

        d = dict(src_dict)
        open_ = d.pop("open")

        users = []
        _users = d.pop("users")
        for users_item_data in _users:
            users_item = UserStreams.from_dict(users_item_data)

            users.append(users_item)

        stream_counts = cls(
            open_=open_,
            users=users,
        )

        stream_counts.additional_properties = d
        return stream_counts

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
