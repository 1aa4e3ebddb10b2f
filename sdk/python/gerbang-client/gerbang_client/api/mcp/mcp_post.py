from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.mcp_post_body import McpPostBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: McpPostBody,
    mcp_session_id: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(mcp_session_id, Unset):
        headers["Mcp-Session-Id"] = mcp_session_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mcp",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorBody | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 202:
        response_202 = cast(Any, None)
        return response_202

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

    if response.status_code == 406:
        response_406 = ErrorBody.from_dict(response.json())

        return response_406

    if response.status_code == 413:
        response_413 = ErrorBody.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorBody.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ErrorBody.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorBody | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: McpPostBody,
    mcp_session_id: None | str | Unset = UNSET,
) -> Response[Any | ErrorBody | str]:
    """Sends one MCP message (JSON-RPC). The first is `initialize`, answered with an
    `Mcp-Session-Id` header that every later request of the session carries. A request is
    answered as a server-sent event stream holding its response; a notification or response is
    accepted with 202. Bodies up to the largest media file as base64 (about 134 MiB).

    Args:
        mcp_session_id (None | str | Unset):
        body (McpPostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody | str]
    """

    kwargs = _get_kwargs(
        body=body,
        mcp_session_id=mcp_session_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: McpPostBody,
    mcp_session_id: None | str | Unset = UNSET,
) -> Any | ErrorBody | str | None:
    """Sends one MCP message (JSON-RPC). The first is `initialize`, answered with an
    `Mcp-Session-Id` header that every later request of the session carries. A request is
    answered as a server-sent event stream holding its response; a notification or response is
    accepted with 202. Bodies up to the largest media file as base64 (about 134 MiB).

    Args:
        mcp_session_id (None | str | Unset):
        body (McpPostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody | str
    """

    return sync_detailed(
        client=client,
        body=body,
        mcp_session_id=mcp_session_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: McpPostBody,
    mcp_session_id: None | str | Unset = UNSET,
) -> Response[Any | ErrorBody | str]:
    """Sends one MCP message (JSON-RPC). The first is `initialize`, answered with an
    `Mcp-Session-Id` header that every later request of the session carries. A request is
    answered as a server-sent event stream holding its response; a notification or response is
    accepted with 202. Bodies up to the largest media file as base64 (about 134 MiB).

    Args:
        mcp_session_id (None | str | Unset):
        body (McpPostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody | str]
    """

    kwargs = _get_kwargs(
        body=body,
        mcp_session_id=mcp_session_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: McpPostBody,
    mcp_session_id: None | str | Unset = UNSET,
) -> Any | ErrorBody | str | None:
    """Sends one MCP message (JSON-RPC). The first is `initialize`, answered with an
    `Mcp-Session-Id` header that every later request of the session carries. A request is
    answered as a server-sent event stream holding its response; a notification or response is
    accepted with 202. Bodies up to the largest media file as base64 (about 134 MiB).

    Args:
        mcp_session_id (None | str | Unset):
        body (McpPostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            mcp_session_id=mcp_session_id,
        )
    ).parsed
