mod activity;
mod admin_users;
mod ai;
mod api_keys;
mod appstate;
mod audit;
mod auth;
mod blocking;
mod bot;
mod calls;
mod channels;
mod chats;
mod chatwoot;
mod cluster;
mod compat;
pub(crate) mod contacts;
mod devices;
pub(crate) mod events;
mod exports;
mod groups;
mod health;
mod history;
mod jobs;
mod lifecycle;
pub(crate) mod messaging;
pub(crate) mod metrics;
mod photos;
mod polls;
mod presence;
mod profiles;
mod proxy;
mod scheduled;
mod sim;
mod sim_appstate;
mod sim_calls;
mod sim_channels;
mod sim_groups;
mod sim_history;
mod sim_polls;
mod sim_presence;
mod sim_status;
mod stats;
mod status;
mod templates;
mod upload_form;
mod webhooks;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::openapi::ApiDoc;
use crate::AppState;

/// Every route; the simulator's only when it is enabled.
pub(crate) fn api(with_sim: bool) -> OpenApiRouter<AppState> {
    let router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::routes())
        .merge(metrics::routes())
        .merge(auth::routes())
        .merge(admin_users::routes())
        .merge(audit::routes())
        .merge(cluster::routes())
        .merge(devices::routes())
        .merge(api_keys::routes())
        .merge(lifecycle::routes())
        .merge(calls::routes())
        .merge(chatwoot::routes())
        .merge(history::routes())
        .merge(proxy::routes())
        .merge(messaging::routes())
        .merge(polls::routes())
        .merge(chats::routes())
        .merge(events::routes())
        .merge(jobs::routes())
        .merge(scheduled::routes())
        .merge(contacts::routes())
        .merge(templates::routes())
        .merge(webhooks::routes())
        .merge(compat::routes())
        .merge(stats::routes())
        .merge(exports::routes())
        .merge(activity::routes())
        .merge(photos::routes())
        .merge(bot::routes())
        .merge(ai::routes())
        .merge(groups::routes())
        .merge(presence::routes())
        .merge(blocking::routes())
        .merge(channels::routes())
        .merge(profiles::routes())
        .merge(appstate::routes())
        .merge(status::routes());
    if with_sim {
        router.merge(sim::routes())
    } else {
        router
    }
}
