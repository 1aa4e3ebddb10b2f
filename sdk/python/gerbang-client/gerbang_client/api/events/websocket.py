from http import HTTPStatus
from typing import Any, cast

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
        "url": "/api/ws",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorBody | None:
    if response.status_code == 101:
        response_101 = cast(Any, None)
        return response_101

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 426:
        response_426 = ErrorBody.from_dict(response.json())

        return response_426

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ErrorBody]:
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
) -> Response[Any | ErrorBody]:
    """The same events over a WebSocket, as JSON text frames, plus requests answered on the same
    socket: `chat:get-list` → `chat:list`, `chat:get-history` → `chat:history`, `chat:mark-read`
    → `chat:read`, `whatsapp:get-status` → `whatsapp:status`. Each request may carry a
    `requestId`, echoed in its answer. A frame that is not a valid request gets an `error`
    frame; the connection stays open. Like the event stream, the socket is checked against its
    credential when it may have changed and before each request: once it no longer admits the client,
    the
    server sends a close frame (code 1008) whose reason is the error code, e.g.
    `account_locked`, and answers nothing more.

    Args:
        token (str | Unset):
        device_id (str | Unset):
        types (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
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
) -> Any | ErrorBody | None:
    """The same events over a WebSocket, as JSON text frames, plus requests answered on the same
    socket: `chat:get-list` → `chat:list`, `chat:get-history` → `chat:history`, `chat:mark-read`
    → `chat:read`, `whatsapp:get-status` → `whatsapp:status`. Each request may carry a
    `requestId`, echoed in its answer. A frame that is not a valid request gets an `error`
    frame; the connection stays open. Like the event stream, the socket is checked against its
    credential when it may have changed and before each request: once it no longer admits the client,
    the
    server sends a close frame (code 1008) whose reason is the error code, e.g.
    `account_locked`, and answers nothing more.

    Args:
        token (str | Unset):
        device_id (str | Unset):
        types (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
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
) -> Response[Any | ErrorBody]:
    """The same events over a WebSocket, as JSON text frames, plus requests answered on the same
    socket: `chat:get-list` → `chat:list`, `chat:get-history` → `chat:history`, `chat:mark-read`
    → `chat:read`, `whatsapp:get-status` → `whatsapp:status`. Each request may carry a
    `requestId`, echoed in its answer. A frame that is not a valid request gets an `error`
    frame; the connection stays open. Like the event stream, the socket is checked against its
    credential when it may have changed and before each request: once it no longer admits the client,
    the
    server sends a close frame (code 1008) whose reason is the error code, e.g.
    `account_locked`, and answers nothing more.

    Args:
        token (str | Unset):
        device_id (str | Unset):
        types (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
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
) -> Any | ErrorBody | None:
    """The same events over a WebSocket, as JSON text frames, plus requests answered on the same
    socket: `chat:get-list` → `chat:list`, `chat:get-history` → `chat:history`, `chat:mark-read`
    → `chat:read`, `whatsapp:get-status` → `whatsapp:status`. Each request may carry a
    `requestId`, echoed in its answer. A frame that is not a valid request gets an `error`
    frame; the connection stays open. Like the event stream, the socket is checked against its
    credential when it may have changed and before each request: once it no longer admits the client,
    the
    server sends a close frame (code 1008) whose reason is the error code, e.g.
    `account_locked`, and answers nothing more.

    Args:
        token (str | Unset):
        device_id (str | Unset):
        types (str | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
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
