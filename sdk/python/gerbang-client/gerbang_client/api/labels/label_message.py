from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_message_label_done import EnvelopeMessageLabelDone
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    device_id: str,
    jid: str,
    message_id: str,
    label_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/whatsapp-multi-device/devices/{device_id}/chats/{jid}/messages/{message_id}/labels/{label_id}".format(
            device_id=quote(str(device_id), safe=""),
            jid=quote(str(jid), safe=""),
            message_id=quote(str(message_id), safe=""),
            label_id=quote(str(label_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeMessageLabelDone | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeMessageLabelDone.from_dict(response.json())

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
) -> Response[EnvelopeMessageLabelDone | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    device_id: str,
    jid: str,
    message_id: str,
    label_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[EnvelopeMessageLabelDone | ErrorBody]:
    """Puts a label on a stored message of the chat.

    Args:
        device_id (str):
        jid (str):
        message_id (str):
        label_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeMessageLabelDone | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        jid=jid,
        message_id=message_id,
        label_id=label_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_id: str,
    jid: str,
    message_id: str,
    label_id: str,
    *,
    client: AuthenticatedClient,
) -> EnvelopeMessageLabelDone | ErrorBody | None:
    """Puts a label on a stored message of the chat.

    Args:
        device_id (str):
        jid (str):
        message_id (str):
        label_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeMessageLabelDone | ErrorBody
    """

    return sync_detailed(
        device_id=device_id,
        jid=jid,
        message_id=message_id,
        label_id=label_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    device_id: str,
    jid: str,
    message_id: str,
    label_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[EnvelopeMessageLabelDone | ErrorBody]:
    """Puts a label on a stored message of the chat.

    Args:
        device_id (str):
        jid (str):
        message_id (str):
        label_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeMessageLabelDone | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        jid=jid,
        message_id=message_id,
        label_id=label_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_id: str,
    jid: str,
    message_id: str,
    label_id: str,
    *,
    client: AuthenticatedClient,
) -> EnvelopeMessageLabelDone | ErrorBody | None:
    """Puts a label on a stored message of the chat.

    Args:
        device_id (str):
        jid (str):
        message_id (str):
        label_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeMessageLabelDone | ErrorBody
    """

    return (
        await asyncio_detailed(
            device_id=device_id,
            jid=jid,
            message_id=message_id,
            label_id=label_id,
            client=client,
        )
    ).parsed
