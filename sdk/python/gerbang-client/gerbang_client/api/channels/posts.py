from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_channel_posts import EnvelopeChannelPosts
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    device_id: str,
    channel: str,
    *,
    count: int | Unset = UNSET,
    before: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["count"] = count

    params["before"] = before

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/whatsapp-multi-device/devices/{device_id}/channels/{channel}/posts".format(
            device_id=quote(str(device_id), safe=""),
            channel=quote(str(channel), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeChannelPosts | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeChannelPosts.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorBody.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = ErrorBody.from_dict(response.json())

        return response_502

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EnvelopeChannelPosts | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    device_id: str,
    channel: str,
    *,
    client: AuthenticatedClient,
    count: int | Unset = UNSET,
    before: int | Unset = UNSET,
) -> Response[EnvelopeChannelPosts | ErrorBody]:
    """A channel's recent posts, newest first (text, captions, reaction counts); page back with
    `before`. A channel need not be followed to be read.

    Args:
        device_id (str):
        channel (str):
        count (int | Unset):
        before (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeChannelPosts | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        channel=channel,
        count=count,
        before=before,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_id: str,
    channel: str,
    *,
    client: AuthenticatedClient,
    count: int | Unset = UNSET,
    before: int | Unset = UNSET,
) -> EnvelopeChannelPosts | ErrorBody | None:
    """A channel's recent posts, newest first (text, captions, reaction counts); page back with
    `before`. A channel need not be followed to be read.

    Args:
        device_id (str):
        channel (str):
        count (int | Unset):
        before (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeChannelPosts | ErrorBody
    """

    return sync_detailed(
        device_id=device_id,
        channel=channel,
        client=client,
        count=count,
        before=before,
    ).parsed


async def asyncio_detailed(
    device_id: str,
    channel: str,
    *,
    client: AuthenticatedClient,
    count: int | Unset = UNSET,
    before: int | Unset = UNSET,
) -> Response[EnvelopeChannelPosts | ErrorBody]:
    """A channel's recent posts, newest first (text, captions, reaction counts); page back with
    `before`. A channel need not be followed to be read.

    Args:
        device_id (str):
        channel (str):
        count (int | Unset):
        before (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeChannelPosts | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        channel=channel,
        count=count,
        before=before,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_id: str,
    channel: str,
    *,
    client: AuthenticatedClient,
    count: int | Unset = UNSET,
    before: int | Unset = UNSET,
) -> EnvelopeChannelPosts | ErrorBody | None:
    """A channel's recent posts, newest first (text, captions, reaction counts); page back with
    `before`. A channel need not be followed to be read.

    Args:
        device_id (str):
        channel (str):
        count (int | Unset):
        before (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeChannelPosts | ErrorBody
    """

    return (
        await asyncio_detailed(
            device_id=device_id,
            channel=channel,
            client=client,
            count=count,
            before=before,
        )
    ).parsed
