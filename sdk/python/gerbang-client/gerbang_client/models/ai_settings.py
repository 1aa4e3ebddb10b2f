from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ai_provider import AiProvider
from ..models.ai_scope import AiScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="AiSettings")


@_attrs_define
class AiSettings:
    """A device's AI settings, without the key.

    Attributes:
        base_url (None | str | Unset): Absent: the provider's public address
            (`https://generativelanguage.googleapis.com` for
            Gemini, `https://api.openai.com/v1` for OpenAI-compatible).
        daily_request_cap (int | Unset): At most this many AI requests per local day (0: no cap). Default: 500.
        daily_token_cap (int | Unset): At most this many tokens (question + answer, as the provider counts them) per
            local day
            (0: no cap). Default: 0.
        enabled (bool | Unset):  Default: False.
        fallback_text (None | str | Unset): Sent when the provider fails, is too slow or the daily cap is reached;
            absent: silence.
        max_tokens (int | Unset):  Default: 300.
        memory_turns (int | Unset): How many earlier messages of the chat (both sides) go with the question. Default: 6.
        model (str | Unset):  Default: 'gemini-2.0-flash'.
        provider (AiProvider | Unset):  Default: AiProvider.GEMINI.
        scope (AiScope | Unset): Which chats the AI answers (rules always go first). Default: AiScope.ALL.
        scope_tag (None | str | Unset):
        system_prompt (None | str | Unset):
        timeout_ms (int | Unset):  Default: 15000.
    """

    base_url: None | str | Unset = UNSET
    daily_request_cap: int | Unset = 500
    daily_token_cap: int | Unset = 0
    enabled: bool | Unset = False
    fallback_text: None | str | Unset = UNSET
    max_tokens: int | Unset = 300
    memory_turns: int | Unset = 6
    model: str | Unset = "gemini-2.0-flash"
    provider: AiProvider | Unset = AiProvider.GEMINI
    scope: AiScope | Unset = AiScope.ALL
    scope_tag: None | str | Unset = UNSET
    system_prompt: None | str | Unset = UNSET
    timeout_ms: int | Unset = 15000
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base_url: None | str | Unset
        if isinstance(self.base_url, Unset):
            base_url = UNSET
        else:
            base_url = self.base_url

        daily_request_cap = self.daily_request_cap

        daily_token_cap = self.daily_token_cap

        enabled = self.enabled

        fallback_text: None | str | Unset
        if isinstance(self.fallback_text, Unset):
            fallback_text = UNSET
        else:
            fallback_text = self.fallback_text

        max_tokens = self.max_tokens

        memory_turns = self.memory_turns

        model = self.model

        provider: str | Unset = UNSET
        if not isinstance(self.provider, Unset):
            provider = self.provider.value

        scope: str | Unset = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope.value

        scope_tag: None | str | Unset
        if isinstance(self.scope_tag, Unset):
            scope_tag = UNSET
        else:
            scope_tag = self.scope_tag

        system_prompt: None | str | Unset
        if isinstance(self.system_prompt, Unset):
            system_prompt = UNSET
        else:
            system_prompt = self.system_prompt

        timeout_ms = self.timeout_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if base_url is not UNSET:
            field_dict["baseUrl"] = base_url
        if daily_request_cap is not UNSET:
            field_dict["dailyRequestCap"] = daily_request_cap
        if daily_token_cap is not UNSET:
            field_dict["dailyTokenCap"] = daily_token_cap
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if fallback_text is not UNSET:
            field_dict["fallbackText"] = fallback_text
        if max_tokens is not UNSET:
            field_dict["maxTokens"] = max_tokens
        if memory_turns is not UNSET:
            field_dict["memoryTurns"] = memory_turns
        if model is not UNSET:
            field_dict["model"] = model
        if provider is not UNSET:
            field_dict["provider"] = provider
        if scope is not UNSET:
            field_dict["scope"] = scope
        if scope_tag is not UNSET:
            field_dict["scopeTag"] = scope_tag
        if system_prompt is not UNSET:
            field_dict["systemPrompt"] = system_prompt
        if timeout_ms is not UNSET:
            field_dict["timeoutMs"] = timeout_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_base_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base_url = _parse_base_url(d.pop("baseUrl", UNSET))

        daily_request_cap = d.pop("dailyRequestCap", UNSET)

        daily_token_cap = d.pop("dailyTokenCap", UNSET)

        enabled = d.pop("enabled", UNSET)

        def _parse_fallback_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fallback_text = _parse_fallback_text(d.pop("fallbackText", UNSET))

        max_tokens = d.pop("maxTokens", UNSET)

        memory_turns = d.pop("memoryTurns", UNSET)

        model = d.pop("model", UNSET)

        _provider = d.pop("provider", UNSET)
        provider: AiProvider | Unset
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = AiProvider(_provider)

        _scope = d.pop("scope", UNSET)
        scope: AiScope | Unset
        if isinstance(_scope, Unset):
            scope = UNSET
        else:
            scope = AiScope(_scope)

        def _parse_scope_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scope_tag = _parse_scope_tag(d.pop("scopeTag", UNSET))

        def _parse_system_prompt(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        system_prompt = _parse_system_prompt(d.pop("systemPrompt", UNSET))

        timeout_ms = d.pop("timeoutMs", UNSET)

        ai_settings = cls(
            base_url=base_url,
            daily_request_cap=daily_request_cap,
            daily_token_cap=daily_token_cap,
            enabled=enabled,
            fallback_text=fallback_text,
            max_tokens=max_tokens,
            memory_turns=memory_turns,
            model=model,
            provider=provider,
            scope=scope,
            scope_tag=scope_tag,
            system_prompt=system_prompt,
            timeout_ms=timeout_ms,
        )

        ai_settings.additional_properties = d
        return ai_settings

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
