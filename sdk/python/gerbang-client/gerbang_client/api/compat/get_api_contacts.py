from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_page_contact import EnvelopePageContact
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    search: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["perPage"] = per_page

    params["search"] = search

    params["tag"] = tag

    params["categoryId"] = category_id

    params["userId"] = user_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/contacts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopePageContact | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopePageContact.from_dict(response.json())

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
) -> Response[EnvelopePageContact | ErrorBody]:
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
    search: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> Response[EnvelopePageContact | ErrorBody]:
    """Seed 000's address book: the caller's saved contacts (the same as
    `GET /api/whatsapp-multi-device/contacts`).

    Args:
        page (int | Unset):
        per_page (int | Unset):
        search (str | Unset):
        tag (str | Unset):
        category_id (int | Unset):
        user_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopePageContact | ErrorBody]
    """

    kwargs = _get_kwargs(
        page=page,
        per_page=per_page,
        search=search,
        tag=tag,
        category_id=category_id,
        user_id=user_id,
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
    search: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> EnvelopePageContact | ErrorBody | None:
    """Seed 000's address book: the caller's saved contacts (the same as
    `GET /api/whatsapp-multi-device/contacts`).

    Args:
        page (int | Unset):
        per_page (int | Unset):
        search (str | Unset):
        tag (str | Unset):
        category_id (int | Unset):
        user_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopePageContact | ErrorBody
    """

    return sync_detailed(
        client=client,
        page=page,
        per_page=per_page,
        search=search,
        tag=tag,
        category_id=category_id,
        user_id=user_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    search: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> Response[EnvelopePageContact | ErrorBody]:
    """Seed 000's address book: the caller's saved contacts (the same as
    `GET /api/whatsapp-multi-device/contacts`).

    Args:
        page (int | Unset):
        per_page (int | Unset):
        search (str | Unset):
        tag (str | Unset):
        category_id (int | Unset):
        user_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopePageContact | ErrorBody]
    """

    kwargs = _get_kwargs(
        page=page,
        per_page=per_page,
        search=search,
        tag=tag,
        category_id=category_id,
        user_id=user_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    search: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> EnvelopePageContact | ErrorBody | None:
    """Seed 000's address book: the caller's saved contacts (the same as
    `GET /api/whatsapp-multi-device/contacts`).

    Args:
        page (int | Unset):
        per_page (int | Unset):
        search (str | Unset):
        tag (str | Unset):
        category_id (int | Unset):
        user_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopePageContact | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            per_page=per_page,
            search=search,
            tag=tag,
            category_id=category_id,
            user_id=user_id,
        )
    ).parsed
