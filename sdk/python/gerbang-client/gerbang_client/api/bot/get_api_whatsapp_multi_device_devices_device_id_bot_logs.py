from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_page_bot_log import EnvelopePageBotLog
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    device_id: str,
    *,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    contact: str | Unset = UNSET,
    action: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["perPage"] = per_page

    params["contact"] = contact

    params["action"] = action

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/whatsapp-multi-device/devices/{device_id}/bot/logs".format(
            device_id=quote(str(device_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopePageBotLog | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopePageBotLog.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EnvelopePageBotLog | ErrorBody]:
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
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    contact: str | Unset = UNSET,
    action: str | Unset = UNSET,
) -> Response[EnvelopePageBotLog | ErrorBody]:
    """The bot's decisions, newest first: one per inbound message it looked at.

    Args:
        device_id (str):
        page (int | Unset):
        per_page (int | Unset):
        contact (str | Unset):
        action (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopePageBotLog | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        page=page,
        per_page=per_page,
        contact=contact,
        action=action,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    contact: str | Unset = UNSET,
    action: str | Unset = UNSET,
) -> EnvelopePageBotLog | ErrorBody | None:
    """The bot's decisions, newest first: one per inbound message it looked at.

    Args:
        device_id (str):
        page (int | Unset):
        per_page (int | Unset):
        contact (str | Unset):
        action (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopePageBotLog | ErrorBody
    """

    return sync_detailed(
        device_id=device_id,
        client=client,
        page=page,
        per_page=per_page,
        contact=contact,
        action=action,
    ).parsed


async def asyncio_detailed(
    device_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    contact: str | Unset = UNSET,
    action: str | Unset = UNSET,
) -> Response[EnvelopePageBotLog | ErrorBody]:
    """The bot's decisions, newest first: one per inbound message it looked at.

    Args:
        device_id (str):
        page (int | Unset):
        per_page (int | Unset):
        contact (str | Unset):
        action (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopePageBotLog | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        page=page,
        per_page=per_page,
        contact=contact,
        action=action,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    contact: str | Unset = UNSET,
    action: str | Unset = UNSET,
) -> EnvelopePageBotLog | ErrorBody | None:
    """The bot's decisions, newest first: one per inbound message it looked at.

    Args:
        device_id (str):
        page (int | Unset):
        per_page (int | Unset):
        contact (str | Unset):
        action (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopePageBotLog | ErrorBody
    """

    return (
        await asyncio_detailed(
            device_id=device_id,
            client=client,
            page=page,
            per_page=per_page,
            contact=contact,
            action=action,
        )
    ).parsed
