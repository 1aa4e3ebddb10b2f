from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ai_provider import AiProvider
from ..models.ai_scope import AiScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="AiConfigInput")


@_attrs_define
class AiConfigInput:
    """A change to the AI settings: only the fields given change; `null` clears a text or the key.

    Attributes:
        api_key (None | str | Unset): The provider key; stored encrypted and never shown again. `null` removes it.
        base_url (None | str | Unset):
        daily_request_cap (int | None | Unset):
        daily_token_cap (int | None | Unset):
        enabled (bool | None | Unset):
        fallback_text (None | str | Unset):
        max_tokens (int | None | Unset):
        memory_turns (int | None | Unset):
        model (None | str | Unset):
        provider (AiProvider | None | Unset):
        scope (AiScope | None | Unset):
        scope_tag (None | str | Unset):
        system_prompt (None | str | Unset):
        timeout_ms (int | None | Unset):
    """

    api_key: None | str | Unset = UNSET
    base_url: None | str | Unset = UNSET
    daily_request_cap: int | None | Unset = UNSET
    daily_token_cap: int | None | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    fallback_text: None | str | Unset = UNSET
    max_tokens: int | None | Unset = UNSET
    memory_turns: int | None | Unset = UNSET
    model: None | str | Unset = UNSET
    provider: AiProvider | None | Unset = UNSET
    scope: AiScope | None | Unset = UNSET
    scope_tag: None | str | Unset = UNSET
    system_prompt: None | str | Unset = UNSET
    timeout_ms: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api_key: None | str | Unset
        if isinstance(self.api_key, Unset):
            api_key = UNSET
        else:
            api_key = self.api_key

        base_url: None | str | Unset
        if isinstance(self.base_url, Unset):
            base_url = UNSET
        else:
            base_url = self.base_url

        daily_request_cap: int | None | Unset
        if isinstance(self.daily_request_cap, Unset):
            daily_request_cap = UNSET
        else:
            daily_request_cap = self.daily_request_cap

        daily_token_cap: int | None | Unset
        if isinstance(self.daily_token_cap, Unset):
            daily_token_cap = UNSET
        else:
            daily_token_cap = self.daily_token_cap

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        fallback_text: None | str | Unset
        if isinstance(self.fallback_text, Unset):
            fallback_text = UNSET
        else:
            fallback_text = self.fallback_text

        max_tokens: int | None | Unset
        if isinstance(self.max_tokens, Unset):
            max_tokens = UNSET
        else:
            max_tokens = self.max_tokens

        memory_turns: int | None | Unset
        if isinstance(self.memory_turns, Unset):
            memory_turns = UNSET
        else:
            memory_turns = self.memory_turns

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        elif isinstance(self.provider, AiProvider):
            provider = self.provider.value
        else:
            provider = self.provider

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        elif isinstance(self.scope, AiScope):
            scope = self.scope.value
        else:
            scope = self.scope

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

        timeout_ms: int | None | Unset
        if isinstance(self.timeout_ms, Unset):
            timeout_ms = UNSET
        else:
            timeout_ms = self.timeout_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if api_key is not UNSET:
            field_dict["apiKey"] = api_key
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

        def _parse_api_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        api_key = _parse_api_key(d.pop("apiKey", UNSET))

        def _parse_base_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base_url = _parse_base_url(d.pop("baseUrl", UNSET))

        def _parse_daily_request_cap(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_request_cap = _parse_daily_request_cap(d.pop("dailyRequestCap", UNSET))

        def _parse_daily_token_cap(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_token_cap = _parse_daily_token_cap(d.pop("dailyTokenCap", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_fallback_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fallback_text = _parse_fallback_text(d.pop("fallbackText", UNSET))

        def _parse_max_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_tokens = _parse_max_tokens(d.pop("maxTokens", UNSET))

        def _parse_memory_turns(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        memory_turns = _parse_memory_turns(d.pop("memoryTurns", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_provider(data: object) -> AiProvider | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                provider_type_1 = AiProvider(data)

                return provider_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AiProvider | None | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_scope(data: object) -> AiScope | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scope_type_1 = AiScope(data)

                return scope_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AiScope | None | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))

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

        def _parse_timeout_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        timeout_ms = _parse_timeout_ms(d.pop("timeoutMs", UNSET))

        ai_config_input = cls(
            api_key=api_key,
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

        ai_config_input.additional_properties = d
        return ai_config_input

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
