//! The OpenAPI 3.1 document. Routes register themselves through `utoipa_axum::routes!`, so a
//! route cannot exist without being documented.

use std::sync::Arc;

use axum::Router;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as Document;
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gerbang",
        description = "Self-hosted WhatsApp gateway. Every answer is `{\"success\": true, \"data\": ...}` \
            or `{\"success\": false, \"error\": {\"code\", \"message\", \"fields\"}}`.",
        license(name = "MIT")
    ),
    modifiers(&Security),
    components(schemas(crate::error::ErrorBody)),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Sign-up, sign-in, tokens, own profile"),
        (name = "admin", description = "User administration and the audit log (admins)"),
        (name = "devices", description = "WhatsApp devices (linked numbers): records, connection, QR and pairing, API keys"),
        (name = "messages", description = "Sending messages"),
        (name = "groups", description = "WhatsApp groups: list (cached per device), info, create, members and admins, subject, description and settings, invite links, join and leave, sending to a group, and jobs that message a group's members privately"),
        (name = "presence", description = "Online and offline, presence subscriptions, typing and recording indicators, and which numbers are on WhatsApp"),
        (name = "blocking", description = "Block and unblock contacts, and the list of blocked contacts"),
        (name = "channels", description = "WhatsApp channels (newsletters), read-only: follow, unfollow, read recent posts"),
        (name = "profiles", description = "This number's push name, about text and picture; contacts' and groups' pictures and about texts; business profiles"),
        (name = "labels", description = "WhatsApp Business labels: list, create, rename, delete, and labels on chats"),
        (name = "status", description = "Status updates (stories): post text, photos and videos to contacts; contacts' status updates as events (opt-in per device)"),
        (name = "chats", description = "Conversations and their history"),
        (name = "events", description = "Real-time events: SSE, WebSocket"),
        (name = "webhooks", description = "Signed webhooks delivered from a durable outbox"),
        (name = "jobs", description = "Bulk sending, paced per device"),
        (name = "scheduled", description = "Messages sent at a set time"),
        (name = "compat", description = "Drop-in routes for clients of earlier gateways (the seeds): single-device paths on the default device, legacy `/api/whatsapp/*`, seed 004's real-time helpers"),
        (name = "exports", description = "Users, devices, messages and the audit log as JSON or CSV files, streamed"),
        (name = "statistics", description = "Message, chat, response and job statistics; system-wide views and device health (admins)"),
        (name = "bot", description = "Auto-reply bot per device: rules, business hours, hand-off to a person"),
        (name = "ai", description = "AI replies per device (Gemini or any OpenAI-compatible API) when no bot rule answers; seed 000's `/api/gemini/*` act on the default device"),
        (name = "integrations", description = "Chatwoot: a device's chats as conversations of a Chatwoot inbox, both ways"),
        (name = "simulator", description = "The simulated WhatsApp network (only when enabled; nothing reaches WhatsApp)"),
    )
)]
pub(crate) struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "metricsToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The configured metrics token (`GERBANG_METRICS_TOKEN`), for `/metrics` only",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "apiKey",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Api-Key",
                "A per-device key; acts only on that device's routes",
            ))),
        );
    }
}

/// `/api/openapi.json` and the interactive docs at `/api/docs` (Swagger UI, served from the
/// binary: no CDN).
pub(crate) fn docs_router(doc: Arc<Document>) -> Router<AppState> {
    Router::new().merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", (*doc).clone()))
}

/// The last touches every served or printed document gets: one generator for both, so
/// `gerbang openapi` prints exactly what `/api/openapi.json` serves with the same settings.
pub(crate) fn finish(mut doc: Document) -> Document {
    doc.merge(crate::mcp::McpDoc::openapi());
    unique_operation_ids(&mut doc);
    mark_simulator(&mut doc);
    document_common_answers(&mut doc);
    doc
}

/// The answers the shared extractors and layers give on any route, written into each operation
/// they apply to, so a route cannot forget one: a JSON body can be malformed (400), too large
/// (413) or not JSON (415); parameters can be invalid (400) or name nothing (404); credentials
/// can be missing (401) or not enough (403); and every route is rate limited (429).
fn document_common_answers(doc: &mut Document) {
    use utoipa::openapi::path::ParameterIn;
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            let params = op.parameters.as_deref().unwrap_or_default();
            let has_params = !params.is_empty();
            let in_path = params
                .iter()
                .any(|p| matches!(p.parameter_in, ParameterIn::Path));
            let json_body = op
                .request_body
                .as_ref()
                .is_some_and(|b| b.content.keys().any(|k| k.contains("json")));
            let any_body = op.request_body.is_some();
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let mut add = |code: &str, why: &str| {
                op.responses
                    .responses
                    .entry(code.to_string())
                    .or_insert_with(|| error_response(why));
            };
            if json_body || has_params {
                add("400", "invalid input; `fields` names each offending one");
            }
            if any_body {
                add("413", "the body is larger than this route accepts");
                add("415", "the body is not of a type this route accepts");
            }
            if in_path {
                add("404", "nothing with that id (or not visible to the caller)");
            }
            if secured {
                add("401", "no or bad credentials");
                add("403", "not allowed for these credentials");
            }
            add("429", "rate limited; retry after `Retry-After` seconds");
        }
    }
}

fn error_response(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

/// utoipa names an operation after its handler, and the seeds' routes reuse handler names
/// (`send_message`, `status`, …) across modules. OpenAPI requires unique ids, so every id used
/// more than once becomes the method and path (`post_api_send_message`), the same on every run.
fn unique_operation_ids(doc: &mut Document) {
    use std::collections::HashMap;
    let mut uses: HashMap<String, usize> = HashMap::new();
    for item in doc.paths.paths.values() {
        for op in [&item.get, &item.post, &item.put, &item.patch, &item.delete]
            .into_iter()
            .flatten()
        {
            if let Some(id) = &op.operation_id {
                *uses.entry(id.clone()).or_default() += 1;
            }
        }
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        let slug: String = path
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect::<String>()
            .split('_')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        for (method, op) in [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("put", &mut item.put),
            ("patch", &mut item.patch),
            ("delete", &mut item.delete),
        ] {
            let Some(op) = op else { continue };
            if op.operation_id.as_ref().is_some_and(|id| uses[id] > 1) {
                op.operation_id = Some(format!("{method}_{slug}"));
            }
        }
    }
}

/// Operations of the simulated network carry `x-simulator: true`, so a client generator or a
/// reader can leave them out (they exist only on a gateway with the simulator enabled).
fn mark_simulator(doc: &mut Document) {
    use utoipa::openapi::extensions::ExtensionsBuilder;
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with("/api/sim/") {
            continue;
        }
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            let mark = ExtensionsBuilder::new().add("x-simulator", true).build();
            op.extensions
                .get_or_insert_with(Default::default)
                .merge(mark);
        }
    }
}

/// The document as JSON, for tools (`gerbang openapi`): the routes of a gateway with the
/// simulator enabled or not, as the configuration says.
pub fn openapi_json(with_sim: bool) -> String {
    finish(crate::routes::api(with_sim).into_openapi())
        .to_pretty_json()
        .unwrap_or_default()
}
