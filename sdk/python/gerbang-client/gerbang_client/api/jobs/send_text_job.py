from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_job_input import CreateJobInput
from ...models.envelope_job import EnvelopeJob
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    device_id: str,
    *,
    body: CreateJobInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/whatsapp-multi-device/devices/{device_id}/jobs/send-text".format(
            device_id=quote(str(device_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeJob | ErrorBody | None:
    if response.status_code == 201:
        response_201 = EnvelopeJob.from_dict(response.json())

        return response_201

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
) -> Response[EnvelopeJob | ErrorBody]:
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
    body: CreateJobInput,
) -> Response[EnvelopeJob | ErrorBody]:
    """Queues a text job: one message (with `{{variables}}` and `{spin|tax}`) for many recipients,
    paced per device: `delaySecs` ± `jitterSecs` apart, at most `dailyCap` a day, never in
    `quietHours`, optionally with "typing…" first and a warm-up ramp for new numbers. Numbers
    not on WhatsApp are skipped.

    Args:
        device_id (str):
        body (CreateJobInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeJob | ErrorBody]
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
    body: CreateJobInput,
) -> EnvelopeJob | ErrorBody | None:
    """Queues a text job: one message (with `{{variables}}` and `{spin|tax}`) for many recipients,
    paced per device: `delaySecs` ± `jitterSecs` apart, at most `dailyCap` a day, never in
    `quietHours`, optionally with "typing…" first and a warm-up ramp for new numbers. Numbers
    not on WhatsApp are skipped.

    Args:
        device_id (str):
        body (CreateJobInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeJob | ErrorBody
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
    body: CreateJobInput,
) -> Response[EnvelopeJob | ErrorBody]:
    """Queues a text job: one message (with `{{variables}}` and `{spin|tax}`) for many recipients,
    paced per device: `delaySecs` ± `jitterSecs` apart, at most `dailyCap` a day, never in
    `quietHours`, optionally with "typing…" first and a warm-up ramp for new numbers. Numbers
    not on WhatsApp are skipped.

    Args:
        device_id (str):
        body (CreateJobInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeJob | ErrorBody]
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
    body: CreateJobInput,
) -> EnvelopeJob | ErrorBody | None:
    """Queues a text job: one message (with `{{variables}}` and `{spin|tax}`) for many recipients,
    paced per device: `delaySecs` ± `jitterSecs` apart, at most `dailyCap` a day, never in
    `quietHours`, optionally with "typing…" first and a warm-up ramp for new numbers. Numbers
    not on WhatsApp are skipped.

    Args:
        device_id (str):
        body (CreateJobInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeJob | ErrorBody
    """

    return (
        await asyncio_detailed(
            device_id=device_id,
            client=client,
            body=body,
        )
    ).parsed
