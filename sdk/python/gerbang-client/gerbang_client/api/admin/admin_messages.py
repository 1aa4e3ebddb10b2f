from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_message_page import EnvelopeMessagePage
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    status: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    params["deviceId"] = device_id

    params["userId"] = user_id

    params["chatJid"] = chat_jid

    params["direction"] = direction

    params["status"] = status

    params["from"] = from_

    params["to"] = to

    params["before"] = before

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/admin/messages",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeMessagePage | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeMessagePage.from_dict(response.json())

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
) -> Response[EnvelopeMessagePage | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    status: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[EnvelopeMessagePage | ErrorBody]:
    """Every device's messages, newest first, with filters; page with `before` (administrators).

    Args:
        q (str | Unset):
        device_id (str | Unset):
        user_id (int | Unset):
        chat_jid (str | Unset):
        direction (str | Unset):
        status (str | Unset):
        from_ (str | Unset):
        to (str | Unset):
        before (int | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeMessagePage | ErrorBody]
    """

    kwargs = _get_kwargs(
        q=q,
        device_id=device_id,
        user_id=user_id,
        chat_jid=chat_jid,
        direction=direction,
        status=status,
        from_=from_,
        to=to,
        before=before,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    status: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> EnvelopeMessagePage | ErrorBody | None:
    """Every device's messages, newest first, with filters; page with `before` (administrators).

    Args:
        q (str | Unset):
        device_id (str | Unset):
        user_id (int | Unset):
        chat_jid (str | Unset):
        direction (str | Unset):
        status (str | Unset):
        from_ (str | Unset):
        to (str | Unset):
        before (int | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeMessagePage | ErrorBody
    """

    return sync_detailed(
        client=client,
        q=q,
        device_id=device_id,
        user_id=user_id,
        chat_jid=chat_jid,
        direction=direction,
        status=status,
        from_=from_,
        to=to,
        before=before,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    status: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[EnvelopeMessagePage | ErrorBody]:
    """Every device's messages, newest first, with filters; page with `before` (administrators).

    Args:
        q (str | Unset):
        device_id (str | Unset):
        user_id (int | Unset):
        chat_jid (str | Unset):
        direction (str | Unset):
        status (str | Unset):
        from_ (str | Unset):
        to (str | Unset):
        before (int | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeMessagePage | ErrorBody]
    """

    kwargs = _get_kwargs(
        q=q,
        device_id=device_id,
        user_id=user_id,
        chat_jid=chat_jid,
        direction=direction,
        status=status,
        from_=from_,
        to=to,
        before=before,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    status: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    before: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> EnvelopeMessagePage | ErrorBody | None:
    """Every device's messages, newest first, with filters; page with `before` (administrators).

    Args:
        q (str | Unset):
        device_id (str | Unset):
        user_id (int | Unset):
        chat_jid (str | Unset):
        direction (str | Unset):
        status (str | Unset):
        from_ (str | Unset):
        to (str | Unset):
        before (int | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeMessagePage | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            device_id=device_id,
            user_id=user_id,
            chat_jid=chat_jid,
            direction=direction,
            status=status,
            from_=from_,
            to=to,
            before=before,
            limit=limit,
        )
    ).parsed
