from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    token: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    types: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["token"] = token

    params["deviceId"] = device_id

    params["types"] = types

    params["lastEventId"] = last_event_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/events",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorBody | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    token: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    types: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[ErrorBody | str]:
    """The event stream (`text/event-stream`). Each event is a `data:` line holding
    `{"id", "type", "deviceId", "chatJid"?, "createdAt", "data"}` with its `id:` line, so a
    reconnecting EventSource resumes by itself; the first message is
    `{"type": "connected", "lastEventId"}`. Admins see every device, users their own, a device
    API key its device. Keep-alive comments every 15 s. A client more than 50,000 events behind
    is disconnected and resumes where it was. The stream is checked against its credential when this
    gateway changes one and at least every 15 s: when the account is locked, the password changed or
    reset, the session ended, the
    API key revoked or the access token expired, a last message
    `{"type": "closed", "code", "message"}` is sent and the stream ends.

    Args:
        token (str | Unset):
        device_id (str | Unset):
        types (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | str]
    """

    kwargs = _get_kwargs(
        token=token,
        device_id=device_id,
        types=types,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    token: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    types: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> ErrorBody | str | None:
    """The event stream (`text/event-stream`). Each event is a `data:` line holding
    `{"id", "type", "deviceId", "chatJid"?, "createdAt", "data"}` with its `id:` line, so a
    reconnecting EventSource resumes by itself; the first message is
    `{"type": "connected", "lastEventId"}`. Admins see every device, users their own, a device
    API key its device. Keep-alive comments every 15 s. A client more than 50,000 events behind
    is disconnected and resumes where it was. The stream is checked against its credential when this
    gateway changes one and at least every 15 s: when the account is locked, the password changed or
    reset, the session ended, the
    API key revoked or the access token expired, a last message
    `{"type": "closed", "code", "message"}` is sent and the stream ends.

    Args:
        token (str | Unset):
        device_id (str | Unset):
        types (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | str
    """

    return sync_detailed(
        client=client,
        token=token,
        device_id=device_id,
        types=types,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    token: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    types: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[ErrorBody | str]:
    """The event stream (`text/event-stream`). Each event is a `data:` line holding
    `{"id", "type", "deviceId", "chatJid"?, "createdAt", "data"}` with its `id:` line, so a
    reconnecting EventSource resumes by itself; the first message is
    `{"type": "connected", "lastEventId"}`. Admins see every device, users their own, a device
    API key its device. Keep-alive comments every 15 s. A client more than 50,000 events behind
    is disconnected and resumes where it was. The stream is checked against its credential when this
    gateway changes one and at least every 15 s: when the account is locked, the password changed or
    reset, the session ended, the
    API key revoked or the access token expired, a last message
    `{"type": "closed", "code", "message"}` is sent and the stream ends.

    Args:
        token (str | Unset):
        device_id (str | Unset):
        types (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | str]
    """

    kwargs = _get_kwargs(
        token=token,
        device_id=device_id,
        types=types,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    token: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    types: str | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> ErrorBody | str | None:
    """The event stream (`text/event-stream`). Each event is a `data:` line holding
    `{"id", "type", "deviceId", "chatJid"?, "createdAt", "data"}` with its `id:` line, so a
    reconnecting EventSource resumes by itself; the first message is
    `{"type": "connected", "lastEventId"}`. Admins see every device, users their own, a device
    API key its device. Keep-alive comments every 15 s. A client more than 50,000 events behind
    is disconnected and resumes where it was. The stream is checked against its credential when this
    gateway changes one and at least every 15 s: when the account is locked, the password changed or
    reset, the session ended, the
    API key revoked or the access token expired, a last message
    `{"type": "closed", "code", "message"}` is sent and the stream ends.

    Args:
        token (str | Unset):
        device_id (str | Unset):
        types (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | str
    """

    return (
        await asyncio_detailed(
            client=client,
            token=token,
            device_id=device_id,
            types=types,
            last_event_id=last_event_id,
        )
    ).parsed
