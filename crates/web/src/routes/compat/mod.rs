//! Drop-in routes for clients written against the gateways the seeds describe: seed 000/002/003's
//! single-device paths (acting on the caller's default device), seed 001's legacy
//! `/api/whatsapp/*`, seed 004's real-time REST helpers and seed 000's WebSocket inbox. Each one calls the same service as
//! its multi-device twin; only the path, the field names and the answer's shape differ.

mod defaults;
mod inbox_ws;
mod legacy;
mod queue;
mod realtime;
mod seed_bot;
mod seed_gemini;
mod shapes;
mod single;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(defaults::routes())
        .merge(single::routes())
        .merge(legacy::routes())
        .merge(queue::routes())
        .merge(realtime::routes())
        .merge(inbox_ws::routes())
        .merge(seed_bot::routes())
        .merge(seed_gemini::routes())
}
