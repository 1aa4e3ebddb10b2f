//! The `gerbang` binary's library: configuration, wiring, and [`serve`], which `main` and the
//! integration tests both call.

pub mod config;
mod secrets;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use gerbang_app::{App, AppSettings, TokenSettings};
use gerbang_core::Store;
use gerbang_web::{AppState, WebSettings};

pub use config::Config;

/// Opens (and migrates) the configured database, with one clear error when it cannot.
pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    Ok(gerbang_store::connect(&config.database_url()).await?)
}

/// Builds the services over an open store.
pub fn build_app(config: &Config, store: Arc<dyn Store>) -> anyhow::Result<App> {
    let secret = secrets::jwt_secret(config)?;
    let tokens = TokenSettings::new(
        secret.as_bytes(),
        config::parse_duration(&config.access_token_ttl)?,
        config::parse_duration(&config.refresh_token_ttl)?,
    );
    let settings = AppSettings {
        registration_enabled: config.registration_enabled,
    };
    Ok(App::new(store, tokens, settings))
}

/// Runs the gateway on `listener` until `shutdown` completes.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let app = build_app(&config, store.clone())?;
    if let Some(password) = app
        .ensure_first_admin(config.admin_password.as_deref())
        .await
        .context("cannot create the first administrator")?
    {
        // Straight to the console, never through the logger: this is the only time it is shown.
        eprintln!(
            "\n  First start: created administrator `admin` with password  {password}\n  \
             Sign in and change it now; it will not be shown again.\n"
        );
    }
    let web = WebSettings {
        cors_origins: config.cors_origins(),
        trust_proxy: config.trust_proxy,
        max_body_bytes: config.max_body_bytes,
        rate_limit_per_minute: config.rate_limit_per_minute,
        auth_rate_limit_per_minute: config.auth_rate_limit_per_minute,
    };
    let router = gerbang_web::router(AppState::new(app, web));
    let addr = listener.local_addr()?;
    tracing::info!(%addr, backend = store.backend(), "gerbang listening");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("server error")?;
    store.close().await;
    tracing::info!("gerbang stopped");
    Ok(())
}
