from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_activity_page import EnvelopeActivityPage
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    types: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    params["types"] = types

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/logs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeActivityPage | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeActivityPage.from_dict(response.json())

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

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EnvelopeActivityPage | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    types: str | Unset = UNSET,
) -> Response[EnvelopeActivityPage | ErrorBody]:
    """Seed 000's activity log: the events of the devices the caller may see (messages in and out,
    statuses, QR codes, jobs), oldest first; page on with `after`.

    Args:
        after (int | Unset):
        limit (int | Unset):
        types (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeActivityPage | ErrorBody]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        types=types,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    types: str | Unset = UNSET,
) -> EnvelopeActivityPage | ErrorBody | None:
    """Seed 000's activity log: the events of the devices the caller may see (messages in and out,
    statuses, QR codes, jobs), oldest first; page on with `after`.

    Args:
        after (int | Unset):
        limit (int | Unset):
        types (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeActivityPage | ErrorBody
    """

    return sync_detailed(
        client=client,
        after=after,
        limit=limit,
        types=types,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    types: str | Unset = UNSET,
) -> Response[EnvelopeActivityPage | ErrorBody]:
    """Seed 000's activity log: the events of the devices the caller may see (messages in and out,
    statuses, QR codes, jobs), oldest first; page on with `after`.

    Args:
        after (int | Unset):
        limit (int | Unset):
        types (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeActivityPage | ErrorBody]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        types=types,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    types: str | Unset = UNSET,
) -> EnvelopeActivityPage | ErrorBody | None:
    """Seed 000's activity log: the events of the devices the caller may see (messages in and out,
    statuses, QR codes, jobs), oldest first; page on with `after`.

    Args:
        after (int | Unset):
        limit (int | Unset):
        types (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeActivityPage | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            limit=limit,
            types=types,
        )
    ).parsed
