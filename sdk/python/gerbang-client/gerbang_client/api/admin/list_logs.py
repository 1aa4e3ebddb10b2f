import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_page_audit_entry import EnvelopePageAuditEntry
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    action: str | Unset = UNSET,
    actor_id: int | Unset = UNSET,
    target_type: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["perPage"] = per_page

    params["action"] = action

    params["actorId"] = actor_id

    params["targetType"] = target_type

    params["targetId"] = target_id

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/admin/logs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopePageAuditEntry | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopePageAuditEntry.from_dict(response.json())

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

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EnvelopePageAuditEntry | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    action: str | Unset = UNSET,
    actor_id: int | Unset = UNSET,
    target_type: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
) -> Response[EnvelopePageAuditEntry | ErrorBody]:
    """The audit log, newest first.

    Args:
        page (int | Unset):
        per_page (int | Unset):
        action (str | Unset):
        actor_id (int | Unset):
        target_type (str | Unset):
        target_id (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopePageAuditEntry | ErrorBody]
    """

    kwargs = _get_kwargs(
        page=page,
        per_page=per_page,
        action=action,
        actor_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    action: str | Unset = UNSET,
    actor_id: int | Unset = UNSET,
    target_type: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
) -> EnvelopePageAuditEntry | ErrorBody | None:
    """The audit log, newest first.

    Args:
        page (int | Unset):
        per_page (int | Unset):
        action (str | Unset):
        actor_id (int | Unset):
        target_type (str | Unset):
        target_id (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopePageAuditEntry | ErrorBody
    """

    return sync_detailed(
        client=client,
        page=page,
        per_page=per_page,
        action=action,
        actor_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    action: str | Unset = UNSET,
    actor_id: int | Unset = UNSET,
    target_type: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
) -> Response[EnvelopePageAuditEntry | ErrorBody]:
    """The audit log, newest first.

    Args:
        page (int | Unset):
        per_page (int | Unset):
        action (str | Unset):
        actor_id (int | Unset):
        target_type (str | Unset):
        target_id (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopePageAuditEntry | ErrorBody]
    """

    kwargs = _get_kwargs(
        page=page,
        per_page=per_page,
        action=action,
        actor_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    action: str | Unset = UNSET,
    actor_id: int | Unset = UNSET,
    target_type: str | Unset = UNSET,
    target_id: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
) -> EnvelopePageAuditEntry | ErrorBody | None:
    """The audit log, newest first.

    Args:
        page (int | Unset):
        per_page (int | Unset):
        action (str | Unset):
        actor_id (int | Unset):
        target_type (str | Unset):
        target_id (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopePageAuditEntry | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            per_page=per_page,
            action=action,
            actor_id=actor_id,
            target_type=target_type,
            target_id=target_id,
            from_=from_,
            to=to,
        )
    ).parsed
