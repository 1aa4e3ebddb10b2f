from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_vec_contact import EnvelopeVecContact
from ...models.error_body import ErrorBody
from ...models.export_contacts_format import ExportContactsFormat
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    format_: ExportContactsFormat | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    search: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["tag"] = tag

    params["categoryId"] = category_id

    params["search"] = search

    params["userId"] = user_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/whatsapp-multi-device/contacts/export",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeVecContact | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeVecContact.from_dict(response.json())

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
) -> Response[EnvelopeVecContact | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    format_: ExportContactsFormat | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    search: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> Response[EnvelopeVecContact | ErrorBody]:
    """Saved contacts as CSV (the import reads it back) or JSON; all, or those with a `tag`, in a
    `categoryId` or matching `search`.

    Args:
        format_ (ExportContactsFormat | Unset):
        tag (str | Unset):
        category_id (int | Unset):
        search (str | Unset):
        user_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeVecContact | ErrorBody]
    """

    kwargs = _get_kwargs(
        format_=format_,
        tag=tag,
        category_id=category_id,
        search=search,
        user_id=user_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    format_: ExportContactsFormat | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    search: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> EnvelopeVecContact | ErrorBody | None:
    """Saved contacts as CSV (the import reads it back) or JSON; all, or those with a `tag`, in a
    `categoryId` or matching `search`.

    Args:
        format_ (ExportContactsFormat | Unset):
        tag (str | Unset):
        category_id (int | Unset):
        search (str | Unset):
        user_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeVecContact | ErrorBody
    """

    return sync_detailed(
        client=client,
        format_=format_,
        tag=tag,
        category_id=category_id,
        search=search,
        user_id=user_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    format_: ExportContactsFormat | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    search: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> Response[EnvelopeVecContact | ErrorBody]:
    """Saved contacts as CSV (the import reads it back) or JSON; all, or those with a `tag`, in a
    `categoryId` or matching `search`.

    Args:
        format_ (ExportContactsFormat | Unset):
        tag (str | Unset):
        category_id (int | Unset):
        search (str | Unset):
        user_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeVecContact | ErrorBody]
    """

    kwargs = _get_kwargs(
        format_=format_,
        tag=tag,
        category_id=category_id,
        search=search,
        user_id=user_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    format_: ExportContactsFormat | Unset = UNSET,
    tag: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    search: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> EnvelopeVecContact | ErrorBody | None:
    """Saved contacts as CSV (the import reads it back) or JSON; all, or those with a `tag`, in a
    `categoryId` or matching `search`.

    Args:
        format_ (ExportContactsFormat | Unset):
        tag (str | Unset):
        category_id (int | Unset):
        search (str | Unset):
        user_id (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeVecContact | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            format_=format_,
            tag=tag,
            category_id=category_id,
            search=search,
            user_id=user_id,
        )
    ).parsed
