from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_page_job_recipient import EnvelopePageJobRecipient
from ...models.error_body import ErrorBody
from ...models.recipient_status import RecipientStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    job_id: str,
    *,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    status: RecipientStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["perPage"] = per_page

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/whatsapp-multi-device/jobs/{job_id}/recipients".format(
            job_id=quote(str(job_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopePageJobRecipient | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopePageJobRecipient.from_dict(response.json())

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
) -> Response[EnvelopePageJobRecipient | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    status: RecipientStatus | Unset = UNSET,
) -> Response[EnvelopePageJobRecipient | ErrorBody]:
    """The job's recipients and what happened to each.

    Args:
        job_id (str):
        page (int | Unset):
        per_page (int | Unset):
        status (RecipientStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopePageJobRecipient | ErrorBody]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        page=page,
        per_page=per_page,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    job_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    status: RecipientStatus | Unset = UNSET,
) -> EnvelopePageJobRecipient | ErrorBody | None:
    """The job's recipients and what happened to each.

    Args:
        job_id (str):
        page (int | Unset):
        per_page (int | Unset):
        status (RecipientStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopePageJobRecipient | ErrorBody
    """

    return sync_detailed(
        job_id=job_id,
        client=client,
        page=page,
        per_page=per_page,
        status=status,
    ).parsed


async def asyncio_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    status: RecipientStatus | Unset = UNSET,
) -> Response[EnvelopePageJobRecipient | ErrorBody]:
    """The job's recipients and what happened to each.

    Args:
        job_id (str):
        page (int | Unset):
        per_page (int | Unset):
        status (RecipientStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopePageJobRecipient | ErrorBody]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        page=page,
        per_page=per_page,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
    status: RecipientStatus | Unset = UNSET,
) -> EnvelopePageJobRecipient | ErrorBody | None:
    """The job's recipients and what happened to each.

    Args:
        job_id (str):
        page (int | Unset):
        per_page (int | Unset):
        status (RecipientStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopePageJobRecipient | ErrorBody
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            client=client,
            page=page,
            per_page=per_page,
            status=status,
        )
    ).parsed
