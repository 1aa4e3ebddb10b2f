from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.quiet_hours import QuietHours
    from ..models.recipient_input_type_1 import RecipientInputType1


T = TypeVar("T", bound="CreateJobInput")


@_attrs_define
class CreateJobInput:
    """
    Attributes:
        category_ids (list[int] | None | Unset): Also every saved contact in any of these categories (ids).
        csv (None | str | Unset): Also the rows of this CSV text: a phone column (`phone`, `nomor`, `hp`, …), the other
            columns become variables (`nama`/`name` becomes `{{name}}`).
        daily_cap (int | None | Unset):
        delay_secs (float | None | Unset): Seconds between sends (default 3).
        jitter_secs (float | None | Unset): Random ± seconds (default 2).
        message (None | str | Unset): The text, with `{{name}}`-style variables (`{{name|default}}`) and spintax
            `{a|b}`; also
            accepted as `text`.
        messages (list[RecipientInputType1 | str] | None | Unset): The form earlier gateways used: one message per
            recipient (`{"to", "message"}`).
        quiet_hours (None | QuietHours | Unset):
        recipients (list[RecipientInputType1 | str] | None | Unset):
        tags (list[str] | None | Unset): Also every saved contact (of the device's owner) with any of these tags; a
            contact's
            name, phone and custom fields become its variables.
        template_id (int | None | Unset): A saved template instead of `message` (its text is copied into the job).
        timezone (None | str | Unset): IANA time zone (default `Asia/Jakarta`).
        typing (bool | Unset):
        warmup (bool | Unset):
    """

    category_ids: list[int] | None | Unset = UNSET
    csv: None | str | Unset = UNSET
    daily_cap: int | None | Unset = UNSET
    delay_secs: float | None | Unset = UNSET
    jitter_secs: float | None | Unset = UNSET
    message: None | str | Unset = UNSET
    messages: list[RecipientInputType1 | str] | None | Unset = UNSET
    quiet_hours: None | QuietHours | Unset = UNSET
    recipients: list[RecipientInputType1 | str] | None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    template_id: int | None | Unset = UNSET
    timezone: None | str | Unset = UNSET
    typing: bool | Unset = UNSET
    warmup: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.quiet_hours import QuietHours  # noqa: PLC0415
        from ..models.recipient_input_type_1 import RecipientInputType1  # noqa: PLC0415

        category_ids: list[int] | None | Unset
        if isinstance(self.category_ids, Unset):
            category_ids = UNSET
        elif isinstance(self.category_ids, list):
            category_ids = self.category_ids

        else:
            category_ids = self.category_ids

        csv: None | str | Unset
        if isinstance(self.csv, Unset):
            csv = UNSET
        else:
            csv = self.csv

        daily_cap: int | None | Unset
        if isinstance(self.daily_cap, Unset):
            daily_cap = UNSET
        else:
            daily_cap = self.daily_cap

        delay_secs: float | None | Unset
        if isinstance(self.delay_secs, Unset):
            delay_secs = UNSET
        else:
            delay_secs = self.delay_secs

        jitter_secs: float | None | Unset
        if isinstance(self.jitter_secs, Unset):
            jitter_secs = UNSET
        else:
            jitter_secs = self.jitter_secs

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        messages: list[dict[str, Any] | str] | None | Unset
        if isinstance(self.messages, Unset):
            messages = UNSET
        elif isinstance(self.messages, list):
            messages = []
            for messages_type_0_item_data in self.messages:
                messages_type_0_item: dict[str, Any] | str
                if isinstance(messages_type_0_item_data, RecipientInputType1):
                    messages_type_0_item = messages_type_0_item_data.to_dict()
                else:
                    messages_type_0_item = messages_type_0_item_data
                messages.append(messages_type_0_item)

        else:
            messages = self.messages

        quiet_hours: dict[str, Any] | None | Unset
        if isinstance(self.quiet_hours, Unset):
            quiet_hours = UNSET
        elif isinstance(self.quiet_hours, QuietHours):
            quiet_hours = self.quiet_hours.to_dict()
        else:
            quiet_hours = self.quiet_hours

        recipients: list[dict[str, Any] | str] | None | Unset
        if isinstance(self.recipients, Unset):
            recipients = UNSET
        elif isinstance(self.recipients, list):
            recipients = []
            for recipients_type_0_item_data in self.recipients:
                recipients_type_0_item: dict[str, Any] | str
                if isinstance(recipients_type_0_item_data, RecipientInputType1):
                    recipients_type_0_item = recipients_type_0_item_data.to_dict()
                else:
                    recipients_type_0_item = recipients_type_0_item_data
                recipients.append(recipients_type_0_item)

        else:
            recipients = self.recipients

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        template_id: int | None | Unset
        if isinstance(self.template_id, Unset):
            template_id = UNSET
        else:
            template_id = self.template_id

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        typing = self.typing

        warmup = self.warmup

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if category_ids is not UNSET:
            field_dict["categoryIds"] = category_ids
        if csv is not UNSET:
            field_dict["csv"] = csv
        if daily_cap is not UNSET:
            field_dict["dailyCap"] = daily_cap
        if delay_secs is not UNSET:
            field_dict["delaySecs"] = delay_secs
        if jitter_secs is not UNSET:
            field_dict["jitterSecs"] = jitter_secs
        if message is not UNSET:
            field_dict["message"] = message
        if messages is not UNSET:
            field_dict["messages"] = messages
        if quiet_hours is not UNSET:
            field_dict["quietHours"] = quiet_hours
        if recipients is not UNSET:
            field_dict["recipients"] = recipients
        if tags is not UNSET:
            field_dict["tags"] = tags
        if template_id is not UNSET:
            field_dict["templateId"] = template_id
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if typing is not UNSET:
            field_dict["typing"] = typing
        if warmup is not UNSET:
            field_dict["warmup"] = warmup

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quiet_hours import QuietHours  # noqa: PLC0415
        from ..models.recipient_input_type_1 import RecipientInputType1  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_category_ids(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                category_ids_type_0 = cast(list[int], data)

                return category_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        category_ids = _parse_category_ids(d.pop("categoryIds", UNSET))

        def _parse_csv(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        csv = _parse_csv(d.pop("csv", UNSET))

        def _parse_daily_cap(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_cap = _parse_daily_cap(d.pop("dailyCap", UNSET))

        def _parse_delay_secs(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        delay_secs = _parse_delay_secs(d.pop("delaySecs", UNSET))

        def _parse_jitter_secs(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        jitter_secs = _parse_jitter_secs(d.pop("jitterSecs", UNSET))

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        def _parse_messages(data: object) -> list[RecipientInputType1 | str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                messages_type_0 = []
                _messages_type_0 = data
                for messages_type_0_item_data in _messages_type_0:

                    def _parse_messages_type_0_item(data: object) -> RecipientInputType1 | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_recipient_input_type_1 = RecipientInputType1.from_dict(data)

                            return componentsschemas_recipient_input_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(RecipientInputType1 | str, data)

                    messages_type_0_item = _parse_messages_type_0_item(messages_type_0_item_data)

                    messages_type_0.append(messages_type_0_item)

                return messages_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[RecipientInputType1 | str] | None | Unset, data)

        messages = _parse_messages(d.pop("messages", UNSET))

        def _parse_quiet_hours(data: object) -> None | QuietHours | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                quiet_hours_type_1 = QuietHours.from_dict(data)

                return quiet_hours_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuietHours | Unset, data)

        quiet_hours = _parse_quiet_hours(d.pop("quietHours", UNSET))

        def _parse_recipients(data: object) -> list[RecipientInputType1 | str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                recipients_type_0 = []
                _recipients_type_0 = data
                for recipients_type_0_item_data in _recipients_type_0:

                    def _parse_recipients_type_0_item(data: object) -> RecipientInputType1 | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_recipient_input_type_1 = RecipientInputType1.from_dict(data)

                            return componentsschemas_recipient_input_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(RecipientInputType1 | str, data)

                    recipients_type_0_item = _parse_recipients_type_0_item(recipients_type_0_item_data)

                    recipients_type_0.append(recipients_type_0_item)

                return recipients_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[RecipientInputType1 | str] | None | Unset, data)

        recipients = _parse_recipients(d.pop("recipients", UNSET))

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_template_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        template_id = _parse_template_id(d.pop("templateId", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        typing = d.pop("typing", UNSET)

        warmup = d.pop("warmup", UNSET)

        create_job_input = cls(
            category_ids=category_ids,
            csv=csv,
            daily_cap=daily_cap,
            delay_secs=delay_secs,
            jitter_secs=jitter_secs,
            message=message,
            messages=messages,
            quiet_hours=quiet_hours,
            recipients=recipients,
            tags=tags,
            template_id=template_id,
            timezone=timezone,
            typing=typing,
            warmup=warmup,
        )

        create_job_input.additional_properties = d
        return create_job_input

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
