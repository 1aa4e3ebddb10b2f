from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_statistics import EnvelopeStatistics
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    device_id: str,
    *,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    days: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["from"] = from_

    params["to"] = to

    params["days"] = days

    params["timeZone"] = time_zone

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/whatsapp-multi-device/devices/{device_id}/statistics".format(
            device_id=quote(str(device_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeStatistics | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeStatistics.from_dict(response.json())

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
) -> Response[EnvelopeStatistics | ErrorBody]:
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
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    days: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
) -> Response[EnvelopeStatistics | ErrorBody]:
    """A device's messages sent, received and failed per day and per hour, active chats, response
    rate, median first-response time and jobs, over a period of local days (default: the last
    30 in the caller's time zone). The device's owner, an administrator, or the device's key.

    Args:
        device_id (str):
        from_ (str | Unset):
        to (str | Unset):
        days (int | Unset):
        time_zone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeStatistics | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        from_=from_,
        to=to,
        days=days,
        time_zone=time_zone,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_id: str,
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    days: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
) -> EnvelopeStatistics | ErrorBody | None:
    """A device's messages sent, received and failed per day and per hour, active chats, response
    rate, median first-response time and jobs, over a period of local days (default: the last
    30 in the caller's time zone). The device's owner, an administrator, or the device's key.

    Args:
        device_id (str):
        from_ (str | Unset):
        to (str | Unset):
        days (int | Unset):
        time_zone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeStatistics | ErrorBody
    """

    return sync_detailed(
        device_id=device_id,
        client=client,
        from_=from_,
        to=to,
        days=days,
        time_zone=time_zone,
    ).parsed


async def asyncio_detailed(
    device_id: str,
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    days: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
) -> Response[EnvelopeStatistics | ErrorBody]:
    """A device's messages sent, received and failed per day and per hour, active chats, response
    rate, median first-response time and jobs, over a period of local days (default: the last
    30 in the caller's time zone). The device's owner, an administrator, or the device's key.

    Args:
        device_id (str):
        from_ (str | Unset):
        to (str | Unset):
        days (int | Unset):
        time_zone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeStatistics | ErrorBody]
    """

    kwargs = _get_kwargs(
        device_id=device_id,
        from_=from_,
        to=to,
        days=days,
        time_zone=time_zone,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_id: str,
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    days: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
) -> EnvelopeStatistics | ErrorBody | None:
    """A device's messages sent, received and failed per day and per hour, active chats, response
    rate, median first-response time and jobs, over a period of local days (default: the last
    30 in the caller's time zone). The device's owner, an administrator, or the device's key.

    Args:
        device_id (str):
        from_ (str | Unset):
        to (str | Unset):
        days (int | Unset):
        time_zone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeStatistics | ErrorBody
    """

    return (
        await asyncio_detailed(
            device_id=device_id,
            client=client,
            from_=from_,
            to=to,
            days=days,
            time_zone=time_zone,
        )
    ).parsed
