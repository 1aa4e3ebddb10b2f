from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_queue_overview import EnvelopeQueueOverview
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: str | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["status"] = status

    params["start"] = start

    params["end"] = end

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/whatsapp/retry-queue",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeQueueOverview | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeQueueOverview.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorBody.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EnvelopeQueueOverview | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> Response[EnvelopeQueueOverview | ErrorBody]:
    """The queue's counts and one page of its messages in one state (`?status=waiting&start=0&end=10`).

    Args:
        status (str | Unset):
        start (int | Unset):
        end (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeQueueOverview | ErrorBody]
    """

    kwargs = _get_kwargs(
        status=status,
        start=start,
        end=end,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> EnvelopeQueueOverview | ErrorBody | None:
    """The queue's counts and one page of its messages in one state (`?status=waiting&start=0&end=10`).

    Args:
        status (str | Unset):
        start (int | Unset):
        end (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeQueueOverview | ErrorBody
    """

    return sync_detailed(
        client=client,
        status=status,
        start=start,
        end=end,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> Response[EnvelopeQueueOverview | ErrorBody]:
    """The queue's counts and one page of its messages in one state (`?status=waiting&start=0&end=10`).

    Args:
        status (str | Unset):
        start (int | Unset):
        end (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeQueueOverview | ErrorBody]
    """

    kwargs = _get_kwargs(
        status=status,
        start=start,
        end=end,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> EnvelopeQueueOverview | ErrorBody | None:
    """The queue's counts and one page of its messages in one state (`?status=waiting&start=0&end=10`).

    Args:
        status (str | Unset):
        start (int | Unset):
        end (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeQueueOverview | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            start=start,
            end=end,
        )
    ).parsed
