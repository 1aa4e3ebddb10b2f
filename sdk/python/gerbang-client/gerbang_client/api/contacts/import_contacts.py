from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope_import_report import EnvelopeImportReport
from ...models.error_body import ErrorBody
from ...models.import_form import ImportForm
from ...models.import_json import ImportJson
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ImportJson | ImportForm | Unset = UNSET,
    name_column: str | Unset = UNSET,
    phone_column: str | Unset = UNSET,
    tags_column: str | Unset = UNSET,
    category_column: str | Unset = UNSET,
    notes_column: str | Unset = UNSET,
    field_columns: str | Unset = UNSET,
    tags: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    delimiter: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["nameColumn"] = name_column

    params["phoneColumn"] = phone_column

    params["tagsColumn"] = tags_column

    params["categoryColumn"] = category_column

    params["notesColumn"] = notes_column

    params["fieldColumns"] = field_columns

    params["tags"] = tags

    params["categoryId"] = category_id

    params["delimiter"] = delimiter

    params["userId"] = user_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/whatsapp-multi-device/contacts/import",
        "params": params,
    }

    if isinstance(body, ImportJson):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, ImportForm):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnvelopeImportReport | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EnvelopeImportReport.from_dict(response.json())

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
) -> Response[EnvelopeImportReport | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportJson | ImportForm | Unset = UNSET,
    name_column: str | Unset = UNSET,
    phone_column: str | Unset = UNSET,
    tags_column: str | Unset = UNSET,
    category_column: str | Unset = UNSET,
    notes_column: str | Unset = UNSET,
    field_columns: str | Unset = UNSET,
    tags: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    delimiter: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> Response[EnvelopeImportReport | ErrorBody]:
    """Imports contacts from CSV: a `multipart/form-data` upload (`file` part; options as text
    parts or in the query), the CSV itself as the body (`text/csv`; options in the query), or
    JSON `{"csv": "…", "phoneColumn": …}`.
    Rows with the same number are merged (later rows win, tags add up), and merged into an
    existing contact with that number the same way. Answers a report: counts, the columns used,
    and each rejected row with its row number, column and code.

    Args:
        name_column (str | Unset):
        phone_column (str | Unset):
        tags_column (str | Unset):
        category_column (str | Unset):
        notes_column (str | Unset):
        field_columns (str | Unset):
        tags (str | Unset):
        category_id (int | Unset):
        delimiter (str | Unset):
        user_id (int | Unset):
        body (ImportJson): The JSON form of the import: the CSV as text, with the options beside
            it.
        body (ImportForm): The multipart form of the import.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeImportReport | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        name_column=name_column,
        phone_column=phone_column,
        tags_column=tags_column,
        category_column=category_column,
        notes_column=notes_column,
        field_columns=field_columns,
        tags=tags,
        category_id=category_id,
        delimiter=delimiter,
        user_id=user_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ImportJson | ImportForm | Unset = UNSET,
    name_column: str | Unset = UNSET,
    phone_column: str | Unset = UNSET,
    tags_column: str | Unset = UNSET,
    category_column: str | Unset = UNSET,
    notes_column: str | Unset = UNSET,
    field_columns: str | Unset = UNSET,
    tags: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    delimiter: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> EnvelopeImportReport | ErrorBody | None:
    """Imports contacts from CSV: a `multipart/form-data` upload (`file` part; options as text
    parts or in the query), the CSV itself as the body (`text/csv`; options in the query), or
    JSON `{"csv": "…", "phoneColumn": …}`.
    Rows with the same number are merged (later rows win, tags add up), and merged into an
    existing contact with that number the same way. Answers a report: counts, the columns used,
    and each rejected row with its row number, column and code.

    Args:
        name_column (str | Unset):
        phone_column (str | Unset):
        tags_column (str | Unset):
        category_column (str | Unset):
        notes_column (str | Unset):
        field_columns (str | Unset):
        tags (str | Unset):
        category_id (int | Unset):
        delimiter (str | Unset):
        user_id (int | Unset):
        body (ImportJson): The JSON form of the import: the CSV as text, with the options beside
            it.
        body (ImportForm): The multipart form of the import.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeImportReport | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        name_column=name_column,
        phone_column=phone_column,
        tags_column=tags_column,
        category_column=category_column,
        notes_column=notes_column,
        field_columns=field_columns,
        tags=tags,
        category_id=category_id,
        delimiter=delimiter,
        user_id=user_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportJson | ImportForm | Unset = UNSET,
    name_column: str | Unset = UNSET,
    phone_column: str | Unset = UNSET,
    tags_column: str | Unset = UNSET,
    category_column: str | Unset = UNSET,
    notes_column: str | Unset = UNSET,
    field_columns: str | Unset = UNSET,
    tags: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    delimiter: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> Response[EnvelopeImportReport | ErrorBody]:
    """Imports contacts from CSV: a `multipart/form-data` upload (`file` part; options as text
    parts or in the query), the CSV itself as the body (`text/csv`; options in the query), or
    JSON `{"csv": "…", "phoneColumn": …}`.
    Rows with the same number are merged (later rows win, tags add up), and merged into an
    existing contact with that number the same way. Answers a report: counts, the columns used,
    and each rejected row with its row number, column and code.

    Args:
        name_column (str | Unset):
        phone_column (str | Unset):
        tags_column (str | Unset):
        category_column (str | Unset):
        notes_column (str | Unset):
        field_columns (str | Unset):
        tags (str | Unset):
        category_id (int | Unset):
        delimiter (str | Unset):
        user_id (int | Unset):
        body (ImportJson): The JSON form of the import: the CSV as text, with the options beside
            it.
        body (ImportForm): The multipart form of the import.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnvelopeImportReport | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        name_column=name_column,
        phone_column=phone_column,
        tags_column=tags_column,
        category_column=category_column,
        notes_column=notes_column,
        field_columns=field_columns,
        tags=tags,
        category_id=category_id,
        delimiter=delimiter,
        user_id=user_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ImportJson | ImportForm | Unset = UNSET,
    name_column: str | Unset = UNSET,
    phone_column: str | Unset = UNSET,
    tags_column: str | Unset = UNSET,
    category_column: str | Unset = UNSET,
    notes_column: str | Unset = UNSET,
    field_columns: str | Unset = UNSET,
    tags: str | Unset = UNSET,
    category_id: int | Unset = UNSET,
    delimiter: str | Unset = UNSET,
    user_id: int | Unset = UNSET,
) -> EnvelopeImportReport | ErrorBody | None:
    """Imports contacts from CSV: a `multipart/form-data` upload (`file` part; options as text
    parts or in the query), the CSV itself as the body (`text/csv`; options in the query), or
    JSON `{"csv": "…", "phoneColumn": …}`.
    Rows with the same number are merged (later rows win, tags add up), and merged into an
    existing contact with that number the same way. Answers a report: counts, the columns used,
    and each rejected row with its row number, column and code.

    Args:
        name_column (str | Unset):
        phone_column (str | Unset):
        tags_column (str | Unset):
        category_column (str | Unset):
        notes_column (str | Unset):
        field_columns (str | Unset):
        tags (str | Unset):
        category_id (int | Unset):
        delimiter (str | Unset):
        user_id (int | Unset):
        body (ImportJson): The JSON form of the import: the CSV as text, with the options beside
            it.
        body (ImportForm): The multipart form of the import.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnvelopeImportReport | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            name_column=name_column,
            phone_column=phone_column,
            tags_column=tags_column,
            category_column=category_column,
            notes_column=notes_column,
            field_columns=field_columns,
            tags=tags,
            category_id=category_id,
            delimiter=delimiter,
            user_id=user_id,
        )
    ).parsed
