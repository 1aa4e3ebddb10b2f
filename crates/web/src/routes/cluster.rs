use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::cluster::ClusterView;

use crate::auth::AdminAuth;
use crate::error::{ApiResult, ErrorBody};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(cluster))
}

/// The gateway nodes sharing this database: each live node, the devices it runs with their
/// leases' ages, and the devices waiting for a node. On SQLite: `enabled: false`.
#[utoipa::path(get, path = "/api/admin/cluster", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Envelope<ClusterView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn cluster(State(s): State<AppState>, _admin: AdminAuth) -> ApiResult<Data<ClusterView>> {
    Ok(Data(s.app.cluster_view().await?))
}
