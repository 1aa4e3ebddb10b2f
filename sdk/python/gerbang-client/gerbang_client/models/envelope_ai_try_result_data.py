from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ai_provider import AiProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvelopeAiTryResultData")


@_attrs_define
class EnvelopeAiTryResultData:
    """A reply generated on request; nothing is sent.

    Attributes:
        latency_ms (int):
        model (str):
        ok (bool):
        provider (AiProvider):
        tokens (int):
        error (None | str | Unset): Why there is no answer (timeout, rate limit, key refused, …).
        reply (None | str | Unset): The model's answer.
        response (None | str | Unset): Seed 000's name for `reply`.
    """

    latency_ms: int
    model: str
    ok: bool
    provider: AiProvider
    tokens: int
    error: None | str | Unset = UNSET
    reply: None | str | Unset = UNSET
    response: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        latency_ms = self.latency_ms

        model = self.model

        ok = self.ok

        provider = self.provider.value

        tokens = self.tokens

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        reply: None | str | Unset
        if isinstance(self.reply, Unset):
            reply = UNSET
        else:
            reply = self.reply

        response: None | str | Unset
        if isinstance(self.response, Unset):
            response = UNSET
        else:
            response = self.response

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "latencyMs": latency_ms,
                "model": model,
                "ok": ok,
                "provider": provider,
                "tokens": tokens,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if reply is not UNSET:
            field_dict["reply"] = reply
        if response is not UNSET:
            field_dict["response"] = response

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        latency_ms = d.pop("latencyMs")

        model = d.pop("model")

        ok = d.pop("ok")

        provider = AiProvider(d.pop("provider"))

        tokens = d.pop("tokens")

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_reply(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply = _parse_reply(d.pop("reply", UNSET))

        def _parse_response(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        response = _parse_response(d.pop("response", UNSET))

        envelope_ai_try_result_data = cls(
            latency_ms=latency_ms,
            model=model,
            ok=ok,
            provider=provider,
            tokens=tokens,
            error=error,
            reply=reply,
            response=response,
        )

        envelope_ai_try_result_data.additional_properties = d
        return envelope_ai_try_result_data

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
