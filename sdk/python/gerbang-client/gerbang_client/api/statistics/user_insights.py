from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_user_insights import EnvelopeUserInsights
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    user_id: int,
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
        "url": "/api/admin/users/{user_id}/insights".format(
            user_id=quote(str(user_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeUserInsights | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeUserInsights.from_dict(response.json())

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
) -> Response[EnvelopeUserInsights | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: int,
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    days: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
) -> Response[EnvelopeUserInsights | ErrorBody]:
    """One user's devices, statistics, latest actions and connection changes (administrators).

    Args:
        user_id (int):
        from_ (str | Unset):
        to (str | Unset):
        days (int | Unset):
        time_zone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeUserInsights | ErrorBody]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
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
    user_id: int,
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    days: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
) -> EnvelopeUserInsights | ErrorBody | None:
    """One user's devices, statistics, latest actions and connection changes (administrators).

    Args:
        user_id (int):
        from_ (str | Unset):
        to (str | Unset):
        days (int | Unset):
        time_zone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeUserInsights | ErrorBody
    """

    return sync_detailed(
        user_id=user_id,
        client=client,
        from_=from_,
        to=to,
        days=days,
        time_zone=time_zone,
    ).parsed


async def asyncio_detailed(
    user_id: int,
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    days: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
) -> Response[EnvelopeUserInsights | ErrorBody]:
    """One user's devices, statistics, latest actions and connection changes (administrators).

    Args:
        user_id (int):
        from_ (str | Unset):
        to (str | Unset):
        days (int | Unset):
        time_zone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeUserInsights | ErrorBody]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        from_=from_,
        to=to,
        days=days,
        time_zone=time_zone,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: int,
    *,
    client: AuthenticatedClient,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    days: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
) -> EnvelopeUserInsights | ErrorBody | None:
    """One user's devices, statistics, latest actions and connection changes (administrators).

    Args:
        user_id (int):
        from_ (str | Unset):
        to (str | Unset):
        days (int | Unset):
        time_zone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeUserInsights | ErrorBody
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
            from_=from_,
            to=to,
            days=days,
            time_zone=time_zone,
        )
    ).parsed
