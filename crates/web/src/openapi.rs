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
        (name = "chats", description = "Conversations and their history"),
        (name = "events", description = "Real-time events: SSE, WebSocket"),
        (name = "webhooks", description = "Signed webhooks delivered from a durable outbox"),
        (name = "jobs", description = "Bulk sending, paced per device"),
        (name = "scheduled", description = "Messages sent at a set time"),
        (name = "bot", description = "Auto-reply bot per device: rules, business hours, hand-off to a person"),
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

/// The document as JSON, for tools (`gerbang openapi`).
pub fn openapi_json() -> String {
    crate::routes::api(true)
        .into_openapi()
        .to_pretty_json()
        .unwrap_or_default()
}
