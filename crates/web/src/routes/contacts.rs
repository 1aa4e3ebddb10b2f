//! Saved contacts, categories, tags, CSV import/export, and a device's WhatsApp contacts.

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::contacts::csv_import::{ImportOptions, ImportReport};
use gerbang_app::contacts::{
    to_csv, CategoryInput, CategoryUpdate, ContactInput, ContactQuery, ContactUpdate,
    DeviceContactQuery, ExportFormat, ExportQuery, OwnerQuery, TagsInput,
};
use gerbang_core::contact::{Category, Contact, DeviceContact, TagCount};
use gerbang_core::Page;

use crate::auth::{AdminAuth, Auth, UserAuth};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Created, Data, Done, Envelope};
use crate::AppState;

/// 50,000 rows of a wide spreadsheet fit comfortably.
pub(crate) const IMPORT_BODY_LIMIT: usize = 32 * 1024 * 1024;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_contacts))
        .layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT))
        .routes(routes!(list_contacts, create_contact))
        .routes(routes!(get_contact, update_contact, delete_contact))
        .routes(routes!(replace_tags, add_tags))
        .routes(routes!(remove_tag))
        .routes(routes!(list_tags))
        .routes(routes!(export_contacts))
        .routes(routes!(list_categories, create_category))
        .routes(routes!(get_category, update_category, delete_category))
        .routes(routes!(category_contacts))
        .routes(routes!(device_contacts))
        .routes(routes!(admin_list_contacts))
}

/// The caller's saved contacts (admins: everyone's, or `userId`'s), by name; `search` looks in
/// names and numbers, `tag` and `categoryId` narrow the list.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/contacts", tag = "contacts", security(("bearer" = [])),
    params(ContactQuery),
    responses((status = 200, body = Envelope<Page<Contact>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_contacts(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Query(q): Query<ContactQuery>,
) -> ApiResult<Data<Page<Contact>>> {
    Ok(Data(s.app.list_contacts(&u, q).await?))
}

/// Saves a contact; the number is stored as digits with the country code (`0812…` → `62812…`).
/// `409` when the address book has that number already.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/contacts", tag = "contacts", security(("bearer" = [])),
    request_body = ContactInput,
    responses((status = 201, body = Envelope<Contact>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_contact(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Json(i): Json<ContactInput>,
) -> ApiResult<Created<Contact>> {
    Ok(Created(s.app.create_contact(&u, i).await?))
}

#[utoipa::path(get, path = "/api/whatsapp-multi-device/contacts/{contactId}", tag = "contacts",
    security(("bearer" = [])), params(("contactId" = i64, Path)),
    responses((status = 200, body = Envelope<Contact>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_contact(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
) -> ApiResult<Data<Contact>> {
    Ok(Data(s.app.contact(&u, id).await?))
}

/// Changes what is given; `tags`, `categoryIds` and `fields` replace the old values.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/contacts/{contactId}", tag = "contacts",
    security(("bearer" = [])), params(("contactId" = i64, Path)), request_body = ContactUpdate,
    responses((status = 200, body = Envelope<Contact>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn update_contact(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
    Json(i): Json<ContactUpdate>,
) -> ApiResult<Data<Contact>> {
    Ok(Data(s.app.update_contact(&u, id, i).await?))
}

#[utoipa::path(delete, path = "/api/whatsapp-multi-device/contacts/{contactId}", tag = "contacts",
    security(("bearer" = [])), params(("contactId" = i64, Path)),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_contact(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
) -> ApiResult<Data<Done>> {
    s.app.delete_contact(&u, id).await?;
    Ok(Done::new("contact deleted"))
}

/// The contact's tags become exactly these (lower-cased).
#[utoipa::path(put, path = "/api/whatsapp-multi-device/contacts/{contactId}/tags", tag = "contacts",
    security(("bearer" = [])), params(("contactId" = i64, Path)), request_body = TagsInput,
    responses((status = 200, body = Envelope<Contact>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn replace_tags(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
    Json(i): Json<TagsInput>,
) -> ApiResult<Data<Contact>> {
    Ok(Data(s.app.add_tags(&u, id, i, true).await?))
}

/// Adds tags to the contact (those it has stay).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/contacts/{contactId}/tags", tag = "contacts",
    security(("bearer" = [])), params(("contactId" = i64, Path)), request_body = TagsInput,
    responses((status = 200, body = Envelope<Contact>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn add_tags(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
    Json(i): Json<TagsInput>,
) -> ApiResult<Data<Contact>> {
    Ok(Data(s.app.add_tags(&u, id, i, false).await?))
}

/// Removes one tag from the contact; `404` when it does not have it.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/contacts/{contactId}/tags/{tag}", tag = "contacts",
    security(("bearer" = [])), params(("contactId" = i64, Path), ("tag" = String, Path)),
    responses((status = 200, body = Envelope<Contact>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_tag(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path((id, tag)): Path<(i64, String)>,
) -> ApiResult<Data<Contact>> {
    Ok(Data(s.app.remove_tag(&u, id, &tag).await?))
}

/// Every tag in the address book with how many contacts have it.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/tags", tag = "contacts", security(("bearer" = [])),
    params(OwnerQuery),
    responses((status = 200, body = Envelope<Vec<TagCount>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_tags(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Query(q): Query<OwnerQuery>,
) -> ApiResult<Data<Vec<TagCount>>> {
    Ok(Data(s.app.tags(&u, q.user_id).await?))
}

/// The multipart form of the import.
#[derive(ToSchema)]
#[allow(dead_code)]
struct ImportForm {
    /// The CSV file (UTF-8; `,`, `;` or tab separated; the first row is the header).
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
    /// Any import option (`phoneColumn`, `nameColumn`, `tags`, …) as a text part.
    phone_column: Option<String>,
}

/// The JSON form of the import: the CSV as text, with the options beside it.
#[derive(serde::Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ImportJson {
    csv: String,
    #[serde(flatten)]
    options: ImportOptions,
}

/// Imports contacts from CSV: a `multipart/form-data` upload (`file` part; options as text
/// parts or in the query), the CSV itself as the body (`text/csv`; options in the query), or
/// JSON `{"csv": "…", "phoneColumn": …}`.
/// Rows with the same number are merged (later rows win, tags add up), and merged into an
/// existing contact with that number the same way. Answers a report: counts, the columns used,
/// and each rejected row with its row number, column and code.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/contacts/import", tag = "contacts",
    security(("bearer" = [])), params(ImportOptions),
    request_body(content((ImportForm = "multipart/form-data"), (String = "text/csv"), (ImportJson = "application/json"))),
    responses((status = 200, body = Envelope<ImportReport>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody)))]
async fn import_contacts(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    request: axum::extract::Request,
) -> ApiResult<Data<ImportReport>> {
    let mut options: Vec<(String, String)> = request
        .uri()
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if content_type.starts_with("application/json") {
        use axum::extract::FromRequest;
        let bytes = axum::body::Bytes::from_request(request, &())
            .await
            .map_err(|e| body_error(e.status()))?;
        let input: ImportJson = crate::extract::parse_json(&bytes)?;
        return Ok(Data(
            s.app.import_contacts(&u, &input.csv, input.options).await?,
        ));
    }
    let bytes = if content_type.starts_with("multipart/form-data") {
        read_form(request, &mut options).await?
    } else if content_type.starts_with("text/csv")
        || content_type.starts_with("text/plain")
        || content_type.starts_with("application/csv")
    {
        use axum::extract::FromRequest;
        axum::body::Bytes::from_request(request, &())
            .await
            .map_err(|e| body_error(e.status()))?
            .to_vec()
    } else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the CSV as multipart/form-data (a `file` part), as the body with Content-Type: text/csv, or as JSON {\"csv\": …}",
        ));
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| ApiError::invalid_field("file", "the file is not UTF-8 text"))?;
    crate::extract::refuse_nul("file", &text)?;
    for (key, value) in &options {
        crate::extract::refuse_nul(key, value)?;
    }
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(options)
        .finish();
    let opts: ImportOptions = serde_urlencoded::from_str(&encoded).map_err(|e| {
        ApiError::bad_request("validation_failed", format!("bad import option: {e}"))
    })?;
    Ok(Data(s.app.import_contacts(&u, &text, opts).await?))
}

fn body_error(status: StatusCode) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the file is larger than 32 MiB",
        )
    } else {
        ApiError::bad_request("bad_request", "the upload could not be read")
    }
}

/// The `file` part; every other part is an option (later ones win over the query's).
async fn read_form(
    request: axum::extract::Request,
    options: &mut Vec<(String, String)>,
) -> ApiResult<Vec<u8>> {
    use axum::extract::FromRequest;
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|_| ApiError::bad_request("bad_request", "unreadable multipart form"))?;
    let mut file = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(body_error(e.status())),
        };
        let name = field.name().unwrap_or("").to_string();
        let data = field.bytes().await.map_err(|e| body_error(e.status()))?;
        if name == "file" {
            file = Some(data.to_vec());
        } else {
            options.retain(|(k, _)| *k != name);
            options.push((name, String::from_utf8_lossy(&data).into_owned()));
        }
    }
    file.ok_or_else(|| ApiError::invalid_field("file", "the form has no `file` part"))
}

/// Saved contacts as CSV (the import reads it back) or JSON; all, or those with a `tag`, in a
/// `categoryId` or matching `search`.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/contacts/export", tag = "contacts",
    security(("bearer" = [])), params(ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 200, content_type = "application/json", body = Envelope<Vec<Contact>>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn export_contacts(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Query(q): Query<ExportQuery>,
) -> ApiResult<Response> {
    let contacts = s.app.export_contacts(&u, &q).await?;
    Ok(match q.format.unwrap_or_default() {
        ExportFormat::Json => Data(contacts).into_response(),
        ExportFormat::Csv => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"contacts.csv\"",
                ),
            ],
            to_csv(&contacts)?,
        )
            .into_response(),
    })
}

#[utoipa::path(get, path = "/api/whatsapp-multi-device/contact-categories", tag = "contacts",
    security(("bearer" = [])), params(OwnerQuery),
    responses((status = 200, body = Envelope<Page<Category>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_categories(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Query(q): Query<OwnerQuery>,
) -> ApiResult<Data<Page<Category>>> {
    Ok(Data(s.app.list_categories(&u, q).await?))
}

/// Creates a category; `409` when the address book has one of that name (any case).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/contact-categories", tag = "contacts",
    security(("bearer" = [])), request_body = CategoryInput,
    responses((status = 201, body = Envelope<Category>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_category(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Json(i): Json<CategoryInput>,
) -> ApiResult<Created<Category>> {
    Ok(Created(s.app.create_category(&u, i).await?))
}

#[utoipa::path(get, path = "/api/whatsapp-multi-device/contact-categories/{categoryId}", tag = "contacts",
    security(("bearer" = [])), params(("categoryId" = i64, Path)),
    responses((status = 200, body = Envelope<Category>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_category(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
) -> ApiResult<Data<Category>> {
    Ok(Data(s.app.category(&u, id).await?))
}

#[utoipa::path(put, path = "/api/whatsapp-multi-device/contact-categories/{categoryId}", tag = "contacts",
    security(("bearer" = [])), params(("categoryId" = i64, Path)), request_body = CategoryUpdate,
    responses((status = 200, body = Envelope<Category>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn update_category(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
    Json(i): Json<CategoryUpdate>,
) -> ApiResult<Data<Category>> {
    Ok(Data(s.app.update_category(&u, id, i).await?))
}

/// Deletes the category; its contacts stay.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/contact-categories/{categoryId}", tag = "contacts",
    security(("bearer" = [])), params(("categoryId" = i64, Path)),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_category(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
) -> ApiResult<Data<Done>> {
    s.app.delete_category(&u, id).await?;
    Ok(Done::new("category deleted"))
}

#[utoipa::path(get, path = "/api/whatsapp-multi-device/contact-categories/{categoryId}/contacts", tag = "contacts",
    security(("bearer" = [])), params(("categoryId" = i64, Path), ContactQuery),
    responses((status = 200, body = Envelope<Page<Contact>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn category_contacts(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
    Query(q): Query<ContactQuery>,
) -> ApiResult<Data<Page<Contact>>> {
    Ok(Data(s.app.category_contacts(&u, id, q).await?))
}

/// The people this device's WhatsApp has exchanged messages with (one-to-one chats and group
/// senders, as the gateway recorded them), with the name they last sent under; most recent
/// first. Separate from the saved contacts.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/contacts", tag = "contacts",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), DeviceContactQuery),
    responses((status = 200, body = Envelope<Page<DeviceContact>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn device_contacts(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<DeviceContactQuery>,
) -> ApiResult<Data<Page<DeviceContact>>> {
    Ok(Data(s.app.device_contacts(&who, &id, q).await?))
}

/// Every user's saved contacts (admins; the same as `GET …/contacts` for an admin, at the
/// seed's address).
#[utoipa::path(get, path = "/api/admin/contacts", tag = "contacts", security(("bearer" = [])),
    params(ContactQuery),
    responses((status = 200, body = Envelope<Page<Contact>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn admin_list_contacts(
    State(s): State<AppState>,
    AdminAuth(a): AdminAuth,
    Query(q): Query<ContactQuery>,
) -> ApiResult<Data<Page<Contact>>> {
    Ok(Data(s.app.list_contacts(&a, q).await?))
}
