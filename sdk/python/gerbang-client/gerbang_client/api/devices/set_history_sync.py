from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_history_sync_view import EnvelopeHistorySyncView
from ...models.error_body import ErrorBody
from ...models.history_sync_input import HistorySyncInput
from ...types import Response


def _get_kwargs(
    device_id: str,
    *,
    body: HistorySyncInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/whatsapp-multi-device/devices/{device_id}/history-sync".format(
            device_id=quote(str(device_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeHistorySyncView | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeHistorySyncView.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ErrorBody.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorBody.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EnvelopeHistorySyncView | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    device_id: str,
    *,
    client: AuthenticatedClient,
    body: HistorySyncInput,
) -> Response[EnvelopeHistorySyncView | ErrorBody]:
    """Turns history sync on or off for the device. It applies when the device next links (and
    on the next start of a linked device): the phone sends its history once, after linking.

    Args:
        device_id (str):
        body (HistorySyncInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeHistorySyncView | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_id: str,
    *,
    client: AuthenticatedClient,
    body: HistorySyncInput,
) -> EnvelopeHistorySyncView | ErrorBody | None:
    """Turns history sync on or off for the device. It applies when the device next links (and
    on the next start of a linked device): the phone sends its history once, after linking.

    Args:
        device_id (str):
        body (HistorySyncInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeHistorySyncView | ErrorBody
    """

    return sync_detailed(
        device_id=device_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    device_id: str,
    *,
    client: AuthenticatedClient,
    body: HistorySyncInput,
) -> Response[EnvelopeHistorySyncView | ErrorBody]:
    """Turns history sync on or off for the device. It applies when the device next links (and
    on the next start of a linked device): the phone sends its history once, after linking.

    Args:
        device_id (str):
        body (HistorySyncInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeHistorySyncView | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_id: str,
    *,
    client: AuthenticatedClient,
    body: HistorySyncInput,
) -> EnvelopeHistorySyncView | ErrorBody | None:
    """Turns history sync on or off for the device. It applies when the device next links (and
    on the next start of a linked device): the phone sends its history once, after linking.

    Args:
        device_id (str):
        body (HistorySyncInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeHistorySyncView | ErrorBody
    """

    return (
        await asyncio_detailed(
            device_id=device_id,
            client=client,
            body=body,
        )
    ).parsed
