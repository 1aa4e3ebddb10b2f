//! The `gerbang` binary's library: configuration, wiring, and [`serve`], which `main` and the
//! integration tests both call.

pub mod config;
pub mod log_bridge;
pub mod logging;
mod masked;
mod secrets;
mod unknown;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use gerbang_app::engines::Engines;
use gerbang_app::media::MediaStore;
use gerbang_app::{App, AppSettings, TokenSettings};
use gerbang_core::engine::SessionStore;
use gerbang_core::Store;
use gerbang_engine_sim::{SimConfig, SimEngine};
use gerbang_web::{AppState, WebSettings};

pub use config::Config;

/// Opens (and migrates) the configured database, with one clear error when it cannot.
pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    Ok(gerbang_store::connect(&config.database_url()).await?)
}

/// The simulator, when enabled, with its clock sped up by `sim_speed`.
fn simulator(config: &Config, store: &Arc<dyn Store>) -> Option<Arc<SimEngine>> {
    if !config.sim_enabled() {
        return None;
    }
    let d = SimConfig::default();
    let fast = |t: std::time::Duration| t.div_f64(config.sim_speed);
    let sim_config = SimConfig {
        seed: config.sim_seed,
        qr_first: fast(d.qr_first),
        qr_next: fast(d.qr_next),
        qr_count: d.qr_count,
        connect_delay: fast(d.connect_delay),
        delivered_after: fast(d.delivered_after),
        read_after: fast(d.read_after),
        reply_after: fast(d.reply_after),
        reconnect_base: fast(d.reconnect_base),
        reconnect_max: fast(d.reconnect_max),
    };
    let sessions: Arc<dyn SessionStore> = store.clone();
    tracing::warn!(
        engine = "sim",
        "the SIMULATED WhatsApp network is enabled: devices on it reach no real phone"
    );
    Some(SimEngine::new(sim_config, sessions))
}

/// Builds the services over an open store.
pub fn build_app(config: &Config, store: Arc<dyn Store>) -> anyhow::Result<App> {
    build(config, store).map(|(app, _)| app)
}

fn build(config: &Config, store: Arc<dyn Store>) -> anyhow::Result<(App, Option<Arc<SimEngine>>)> {
    let secret = secrets::jwt_secret(config)?;
    let tokens = TokenSettings::new(
        secret.as_bytes(),
        config::parse_duration(&config.access_token_ttl)?,
        config::parse_duration(&config.refresh_token_ttl)?,
    );
    gerbang_app::special_addresses::restrict_outbound_to_loopback(config.outbound_loopback_only);
    let settings = AppSettings {
        registration_enabled: config.registration_enabled,
        fetch_internal_urls: config.fetch_internal_urls,
        webhooks: gerbang_app::webhooks::WebhookSettings {
            allow_internal: config.webhook_allow_internal,
            timeout: std::time::Duration::from_secs(config.webhook_timeout_secs.max(1)),
            retry_base: std::time::Duration::from_millis(config.webhook_retry_base_ms.max(1)),
            max_age: std::time::Duration::from_secs(config.webhook_max_age_hours * 3600),
        },
        event_retention: std::time::Duration::from_secs(
            config.event_retention_days.max(1) * 86_400,
        ),
        schedule_grace: std::time::Duration::from_secs(config.schedule_grace_secs),
    };
    let sim = simulator(config, &store);
    let mut engines = Engines::new(config.engine());
    if let Some(sim) = &sim {
        engines = engines.with(sim.clone());
    }
    let wa_db = whatsapp_db(&store)?;
    // Its writes are fenced by the store's leases once this node joins its cluster.
    let whatsapp = gerbang_engine_whatsapp::WhatsappEngine::new(wa_db, config.whatsapp()?);
    engines = engines.with(whatsapp);
    let media = MediaStore::new(config.data_dir.join("media"));
    Ok((App::new(store, tokens, settings, engines, media), sim))
}

/// The real engine keeps its session state in the same database, through the store's own
/// pool and SQL (two pools on one SQLite file would be two sets of writers contending for its
/// one lock). The gateway opens only its own stores (`open_store`).
fn whatsapp_db(store: &Arc<dyn Store>) -> anyhow::Result<gerbang_engine_whatsapp::WaSessionDb> {
    let any = store.as_any();
    if let Some(sqlite) = any.downcast_ref::<gerbang_store::SqliteStore>() {
        return Ok(sqlite.wa_session());
    }
    if let Some(postgres) = any.downcast_ref::<gerbang_store::PgStore>() {
        return Ok(postgres.wa_session());
    }
    anyhow::bail!("the WhatsApp engine needs one of Gerbang's own stores (SQLite or PostgreSQL)")
}

/// On PostgreSQL every node is one of a cluster (perhaps of one): it runs only the devices whose
/// leases it holds, and its writes for a device are fenced by that device's lease. SQLite is one
/// node and takes no leases.
fn join_cluster(
    config: &Config,
    store: &Arc<dyn Store>,
    app: &App,
    port: u16,
) -> anyhow::Result<()> {
    let Some(postgres) = store.as_any().downcast_ref::<gerbang_store::PgStore>() else {
        return Ok(());
    };
    let settings = config.cluster(port)?;
    let membership = postgres
        .cluster(&settings.node_id)
        .map_err(|e| anyhow::anyhow!("cannot join the cluster: {e}"))?;
    app.runtime
        .events
        .set_signal(Arc::new(postgres.event_signal()));
    tracing::info!(node = %settings.node_id, address = %settings.address, "joining the cluster of gateway nodes on this database");
    app.runtime.join_cluster(gerbang_app::cluster::Cluster::new(
        Arc::new(membership),
        settings,
    ));
    Ok(())
}

/// Where the first administrator's generated password is kept until it is changed.
pub const INITIAL_PASSWORD_FILE: &str = "initial-admin-password";

/// The generated first password goes to `<data dir>/initial-admin-password` (mode 0600), never
/// through the logger: Docker and systemd keep the console's output. The console says where it
/// is, and shows the password itself only when a person is watching (stdout is a terminal).
fn show_first_password(config: &Config, password: &str) -> anyhow::Result<()> {
    use std::io::{IsTerminal, Write};
    let path = config.data_dir.join(INITIAL_PASSWORD_FILE);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    writeln!(file, "{password}")?;
    if std::io::stdout().is_terminal() {
        println!(
            "\n  First start: created administrator `admin` with password  {password}\n  \
             (also in {}). Sign in, change it, then delete that file.\n",
            path.display()
        );
    } else {
        eprintln!(
            "\n  First start: created administrator `admin`; its one-time password is in {}\n  \
             (readable by this user only). Sign in, change it, then delete that file.\n",
            path.display()
        );
    }
    Ok(())
}

/// Runs the gateway on `listener` until `shutdown` completes.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // Held until this function returns (or the process ends): see `single_node_lock`.
    let _single_node = gerbang_store::single_node_lock(&config.database_url())?;
    let store = open_store(&config).await?;
    let (app, sim) = build(&config, store.clone())?;
    if let Some(password) = app
        .ensure_first_admin(crate::masked::text(&config.admin_password))
        .await
        .context("cannot create the first administrator")?
    {
        show_first_password(&config, &password)?;
    }
    let web = WebSettings {
        cors_origins: config.cors_origins(),
        trust_proxy: config.trust_proxy,
        max_body_bytes: config.max_body_bytes,
        rate_limit_per_minute: config.rate_limit_per_minute,
        auth_rate_limit_per_minute: config.auth_rate_limit_per_minute,
        metrics_token: crate::masked::text(&config.metrics_token).map(str::to_string),
    };
    join_cluster(&config, &store, &app, listener.local_addr()?.port())?;
    app.restore_devices(config.restore_per_second)
        .await
        .context("cannot restore device sessions")?;
    app.restore_clock()
        .await
        .context("cannot restore the simulator's clock")?;
    let runtime = app.runtime.clone();
    let cluster = app.spawn_cluster(config.restore_per_second);
    let webhooks = gerbang_app::webhooks::spawn(app.clone());
    let cleanup = app.spawn_event_cleanup();
    let event_watch = app.runtime.events.spawn_watch();
    let jobs = gerbang_app::jobs::spawn_worker(app.clone());
    let bot = gerbang_app::bot::run::spawn(app.clone());
    let calls = gerbang_app::calls::spawn(app.clone());
    let chatwoot = gerbang_app::chatwoot::spawn(app.clone());
    let sinks = gerbang_app::sinks::spawn(&app, &config.sinks()?);
    let sim = sim.map(|s| s as Arc<dyn gerbang_core::sim::SimControl>);
    let router = gerbang_web::router(AppState::new(app, web, sim));
    let addr = listener.local_addr()?;
    tracing::info!(%addr, backend = store.backend(), "gerbang listening");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("server error")?;
    // First: a balancing pass must not take devices while this node hands them over.
    if let Some(cluster) = cluster {
        cluster.abort();
    }
    webhooks.abort();
    cleanup.abort();
    event_watch.abort();
    jobs.abort();
    bot.abort();
    calls.abort();
    chatwoot.abort();
    for sink in sinks {
        sink.abort();
    }
    runtime.shutdown().await;
    store.close().await;
    tracing::info!("gerbang stopped");
    Ok(())
}
