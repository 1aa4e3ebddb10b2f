from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.chatwoot_webhook_body import ChatwootWebhookBody
from ...models.envelope_webhook_outcome import EnvelopeWebhookOutcome
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    device_id: str,
    *,
    body: ChatwootWebhookBody,
    token: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["token"] = token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/integrations/chatwoot/{device_id}/webhook".format(
            device_id=quote(str(device_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeWebhookOutcome | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeWebhookOutcome.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorBody.from_dict(response.json())

        return response_409

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
) -> Response[EnvelopeWebhookOutcome | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    device_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ChatwootWebhookBody,
    token: str | Unset = UNSET,
) -> Response[EnvelopeWebhookOutcome | ErrorBody]:
    """Chatwoot's webhook (subscribe it to `message_created`): an agent's reply in the inbox is sent
    to the contact on WhatsApp. Authenticated by `?token=`, not by a login; other events,
    customers' messages, private notes and the bridge's own messages are answered 200 and ignored.

    Args:
        device_id (str):
        token (str | Unset):
        body (ChatwootWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeWebhookOutcome | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        body=body,
        token=token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ChatwootWebhookBody,
    token: str | Unset = UNSET,
) -> EnvelopeWebhookOutcome | ErrorBody | None:
    """Chatwoot's webhook (subscribe it to `message_created`): an agent's reply in the inbox is sent
    to the contact on WhatsApp. Authenticated by `?token=`, not by a login; other events,
    customers' messages, private notes and the bridge's own messages are answered 200 and ignored.

    Args:
        device_id (str):
        token (str | Unset):
        body (ChatwootWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeWebhookOutcome | ErrorBody
    """

    return sync_detailed(
        device_id=device_id,
        client=client,
        body=body,
        token=token,
    ).parsed


async def asyncio_detailed(
    device_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ChatwootWebhookBody,
    token: str | Unset = UNSET,
) -> Response[EnvelopeWebhookOutcome | ErrorBody]:
    """Chatwoot's webhook (subscribe it to `message_created`): an agent's reply in the inbox is sent
    to the contact on WhatsApp. Authenticated by `?token=`, not by a login; other events,
    customers' messages, private notes and the bridge's own messages are answered 200 and ignored.

    Args:
        device_id (str):
        token (str | Unset):
        body (ChatwootWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeWebhookOutcome | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        body=body,
        token=token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ChatwootWebhookBody,
    token: str | Unset = UNSET,
) -> EnvelopeWebhookOutcome | ErrorBody | None:
    """Chatwoot's webhook (subscribe it to `message_created`): an agent's reply in the inbox is sent
    to the contact on WhatsApp. Authenticated by `?token=`, not by a login; other events,
    customers' messages, private notes and the bridge's own messages are answered 200 and ignored.

    Args:
        device_id (str):
        token (str | Unset):
        body (ChatwootWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeWebhookOutcome | ErrorBody
    """

    return (
        await asyncio_detailed(
            device_id=device_id,
            client=client,
            body=body,
            token=token,
        )
    ).parsed
