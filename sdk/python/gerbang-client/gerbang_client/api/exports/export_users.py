from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.role import Role
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    format_: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    status: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    action: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["format"] = format_

    params["from"] = from_

    params["to"] = to

    params["deviceId"] = device_id

    params["userId"] = user_id

    params["status"] = status

    params["direction"] = direction

    params["chatJid"] = chat_jid

    json_role: str | Unset = UNSET
    if not isinstance(role, Unset):
        json_role = role.value

    params["role"] = json_role

    params["isActive"] = is_active

    params["action"] = action

    params["targetType"] = target_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/export/users",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | list[Any] | None:
    if response.status_code == 200:
        response_200 = cast(list[Any], response.json())

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
) -> Response[ErrorBody | list[Any]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    format_: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    status: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    action: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
) -> Response[ErrorBody | list[Any]]:
    """Every user account (administrators); filters `role`, `isActive`, `from`/`to` (created).

    Args:
        format_ (str | Unset):
        from_ (str | Unset):
        to (str | Unset):
        device_id (str | Unset):
        user_id (int | Unset):
        status (str | Unset):
        direction (str | Unset):
        chat_jid (str | Unset):
        role (Role | Unset):
        is_active (bool | Unset):
        action (str | Unset):
        target_type (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[Any]]
    """

    kwargs = _get_kwargs(
        format_=format_,
        from_=from_,
        to=to,
        device_id=device_id,
        user_id=user_id,
        status=status,
        direction=direction,
        chat_jid=chat_jid,
        role=role,
        is_active=is_active,
        action=action,
        target_type=target_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    format_: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    status: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    action: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
) -> ErrorBody | list[Any] | None:
    """Every user account (administrators); filters `role`, `isActive`, `from`/`to` (created).

    Args:
        format_ (str | Unset):
        from_ (str | Unset):
        to (str | Unset):
        device_id (str | Unset):
        user_id (int | Unset):
        status (str | Unset):
        direction (str | Unset):
        chat_jid (str | Unset):
        role (Role | Unset):
        is_active (bool | Unset):
        action (str | Unset):
        target_type (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[Any]
    """

    return sync_detailed(
        client=client,
        format_=format_,
        from_=from_,
        to=to,
        device_id=device_id,
        user_id=user_id,
        status=status,
        direction=direction,
        chat_jid=chat_jid,
        role=role,
        is_active=is_active,
        action=action,
        target_type=target_type,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    format_: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    status: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    action: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
) -> Response[ErrorBody | list[Any]]:
    """Every user account (administrators); filters `role`, `isActive`, `from`/`to` (created).

    Args:
        format_ (str | Unset):
        from_ (str | Unset):
        to (str | Unset):
        device_id (str | Unset):
        user_id (int | Unset):
        status (str | Unset):
        direction (str | Unset):
        chat_jid (str | Unset):
        role (Role | Unset):
        is_active (bool | Unset):
        action (str | Unset):
        target_type (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[Any]]
    """

    kwargs = _get_kwargs(
        format_=format_,
        from_=from_,
        to=to,
        device_id=device_id,
        user_id=user_id,
        status=status,
        direction=direction,
        chat_jid=chat_jid,
        role=role,
        is_active=is_active,
        action=action,
        target_type=target_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    format_: str | Unset = UNSET,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    device_id: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
    status: str | Unset = UNSET,
    direction: str | Unset = UNSET,
    chat_jid: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    action: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
) -> ErrorBody | list[Any] | None:
    """Every user account (administrators); filters `role`, `isActive`, `from`/`to` (created).

    Args:
        format_ (str | Unset):
        from_ (str | Unset):
        to (str | Unset):
        device_id (str | Unset):
        user_id (int | Unset):
        status (str | Unset):
        direction (str | Unset):
        chat_jid (str | Unset):
        role (Role | Unset):
        is_active (bool | Unset):
        action (str | Unset):
        target_type (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[Any]
    """

    return (
        await asyncio_detailed(
            client=client,
            format_=format_,
            from_=from_,
            to=to,
            device_id=device_id,
            user_id=user_id,
            status=status,
            direction=direction,
            chat_jid=chat_jid,
            role=role,
            is_active=is_active,
            action=action,
            target_type=target_type,
        )
    ).parsed
