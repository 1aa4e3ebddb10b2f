//! Configuration: defaults < TOML file < `GERBANG_*` environment (and `.env`) < flags.
//! Secrets may also come from files named by `GERBANG_<NAME>_FILE`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use gerbang_core::engine::EngineKind;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Address to listen on.
    pub host: String,
    pub port: u16,
    /// Where the SQLite database, the generated JWT secret and received media live.
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://USER:PASS@HOST/DB`; default `sqlite://<data_dir>/gerbang.db`.
    #[serde(
        deserialize_with = "crate::masked::read",
        serialize_with = "crate::masked::url",
        skip_serializing_if = "Option::is_none"
    )]
    pub database_url: Option<SecretString>,
    /// HMAC key for access tokens, at least 32 characters; generated into the data directory
    /// when absent.
    #[serde(
        deserialize_with = "crate::masked::read",
        serialize_with = "crate::masked::hidden",
        skip_serializing_if = "Option::is_none"
    )]
    pub jwt_secret: Option<SecretString>,
    /// Access token lifetime, e.g. `24h`, `90m`.
    #[serde(deserialize_with = "text")]
    pub access_token_ttl: String,
    /// Refresh token lifetime, e.g. `7d`.
    #[serde(deserialize_with = "text")]
    pub refresh_token_ttl: String,
    pub registration_enabled: bool,
    /// Comma-separated origins allowed by CORS; empty for none, `*` for any.
    pub cors_origins: String,
    /// Believe `X-Forwarded-For` (only behind a reverse proxy you control).
    pub trust_proxy: bool,
    /// Largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Requests per minute per client; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// Sign-in / registration / refresh attempts per minute per client; 0 turns it off.
    pub auth_rate_limit_per_minute: u32,
    /// Password for the first administrator, created on a server with no users. When absent a
    /// random one is generated into `<data_dir>/initial-admin-password`.
    #[serde(
        deserialize_with = "crate::masked::read",
        serialize_with = "crate::masked::hidden",
        skip_serializing_if = "Option::is_none"
    )]
    pub admin_password: Option<SecretString>,
    /// Log filter, e.g. `info`, `gerbang=debug,info` (`RUST_LOG` wins when set).
    #[serde(deserialize_with = "text")]
    pub log: String,
    /// `text` (coloured only on a terminal) or `json` (one object per line).
    #[serde(deserialize_with = "text")]
    pub log_format: String,
    /// Let `send-media` fetch URLs on internal addresses (loopback, private networks). Off by
    /// default so the gateway cannot be used to reach the network behind it.
    pub fetch_internal_urls: bool,
    /// Allow webhook URLs on internal addresses (loopback, private networks).
    pub webhook_allow_internal: bool,
    /// Send nothing beyond loopback: webhooks, media URLs, AI providers and Chatwoot may reach
    /// `127.0.0.0/8`, `::1` and `localhost` only, refused before any DNS lookup (test runs).
    pub outbound_loopback_only: bool,
    /// Seconds one webhook delivery attempt may take.
    pub webhook_timeout_secs: u64,
    /// Milliseconds before the first webhook retry; later ones double, with jitter.
    pub webhook_retry_base_ms: u64,
    /// Hours after which a delivery that keeps failing is dead-lettered.
    pub webhook_max_age_hours: u64,
    /// Days events stay in the log.
    pub event_retention_days: u64,
    /// Seconds a scheduled message may be late at start-up and still be sent (else `missed`).
    pub schedule_grace_secs: u64,
    /// The engine new devices use: `whatsapp` (the real network) or `sim` (the simulator).
    pub engine: String,
    /// Offer the simulator (its routes, and `engine: "sim"` per device) even when the default
    /// engine is `whatsapp`. Always on when `engine = "sim"`.
    pub sim_enabled: bool,
    /// Seed of the simulator's randomness, for repeatable runs.
    pub sim_seed: u64,
    /// Speeds the simulator's clock up: 10 makes its 60 s QR codes last 6 s. For tests and demos.
    pub sim_speed: f64,
    /// The WebSocket endpoint the real engine connects to instead of WhatsApp's own
    /// (`ws://` or `wss://`): for tests against a fake server, or a proxy in between.
    pub whatsapp_url: Option<String>,
    /// The WhatsApp Web version announced at login, e.g. `2.3000.1042742319`. Set a newer one
    /// when WhatsApp rejects the client as outdated.
    #[serde(deserialize_with = "text")]
    pub whatsapp_version: String,
    /// The name the phone shows for linked devices.
    #[serde(deserialize_with = "text")]
    pub whatsapp_device_name: String,
    /// Real-engine sessions reconnected per second at start-up (simulated ones all come back at
    /// once). WhatsApp may flag many logins from one address in the same instant.
    pub restore_per_second: u32,
    /// This node's name among several gateway nodes on one PostgreSQL; unique among the live
    /// ones. Default: the machine's host name.
    #[serde(deserialize_with = "opt_text")]
    pub node_id: Option<String>,
    /// Where the other nodes reach this one, e.g. `http://10.0.0.5:5005`. Default:
    /// `http://<host name>:<port>`.
    #[serde(deserialize_with = "opt_text")]
    pub node_address: Option<String>,
    /// Seconds a node's device leases last without renewal: how long after a node dies the
    /// others take its devices over (renewed every third of it).
    pub lease_ttl_secs: u64,
    /// The most devices one node runs; 0 is an even share of all devices, uncapped.
    pub node_max_devices: usize,
    /// The default proxy for every real-engine device's WebSocket and media:
    /// `socks5://user:pass@host:1080` or `http://user:pass@host:3128`.
    #[serde(
        deserialize_with = "crate::masked::read",
        serialize_with = "crate::masked::proxy",
        skip_serializing_if = "Option::is_none"
    )]
    pub proxy_url: Option<SecretString>,
    /// Bearer token `/metrics` asks for. Without one only clients on this machine may scrape.
    #[serde(
        deserialize_with = "crate::masked::read",
        serialize_with = "crate::masked::hidden",
        skip_serializing_if = "Option::is_none"
    )]
    pub metrics_token: Option<SecretString>,
    /// OpenTelemetry collector to export traces to over OTLP/HTTP (protobuf), e.g.
    /// `http://127.0.0.1:4318`; traces are not exported when absent.
    #[serde(deserialize_with = "opt_text")]
    pub otlp_endpoint: Option<String>,
    /// NATS server to stream the event log to through JetStream, e.g. `nats://127.0.0.1:4222`
    /// (credentials may go in the URL); off when absent.
    #[serde(
        deserialize_with = "crate::masked::read",
        serialize_with = "crate::masked::broker",
        skip_serializing_if = "Option::is_none"
    )]
    pub nats_url: Option<SecretString>,
    /// The first token of the NATS subjects: `<prefix>.<deviceId>.<event type>`.
    #[serde(deserialize_with = "text")]
    pub nats_subject_prefix: String,
    /// The JetStream stream created (when missing) for `<prefix>.>`.
    #[serde(deserialize_with = "text")]
    pub nats_stream: String,
    /// RabbitMQ to stream the event log to, e.g. `amqp://user:pass@127.0.0.1:5672/%2f`; off
    /// when absent.
    #[serde(
        deserialize_with = "crate::masked::read",
        serialize_with = "crate::masked::broker",
        skip_serializing_if = "Option::is_none"
    )]
    pub amqp_url: Option<SecretString>,
    /// The topic exchange events are published to, routing key `<deviceId>.<event type>`.
    #[serde(deserialize_with = "text")]
    pub amqp_exchange: String,
    /// Warnings found while loading (unknown settings), logged once logging is set up.
    #[serde(skip)]
    pub notices: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: "0.0.0.0".into(),
            port: 5005,
            data_dir: PathBuf::from("./data"),
            database_url: None,
            jwt_secret: None,
            access_token_ttl: "24h".into(),
            refresh_token_ttl: "7d".into(),
            registration_enabled: true,
            cors_origins: String::new(),
            trust_proxy: false,
            max_body_bytes: 1024 * 1024,
            rate_limit_per_minute: 600,
            auth_rate_limit_per_minute: 20,
            admin_password: None,
            log: "info".into(),
            log_format: "text".into(),
            fetch_internal_urls: false,
            webhook_allow_internal: false,
            outbound_loopback_only: false,
            webhook_timeout_secs: 10,
            webhook_retry_base_ms: 1000,
            webhook_max_age_hours: 24,
            event_retention_days: 7,
            schedule_grace_secs: 300,
            engine: "whatsapp".into(),
            sim_enabled: false,
            sim_seed: 42,
            sim_speed: 1.0,
            whatsapp_url: None,
            whatsapp_version: gerbang_engine_whatsapp::format_version(
                gerbang_engine_whatsapp::WhatsappConfig::default().version,
            ),
            whatsapp_device_name: gerbang_engine_whatsapp::WhatsappConfig::default().device_name,
            restore_per_second: 20,
            node_id: None,
            node_address: None,
            lease_ttl_secs: 10,
            node_max_devices: 0,
            proxy_url: None,
            metrics_token: None,
            otlp_endpoint: None,
            nats_url: None,
            nats_subject_prefix: "gerbang".into(),
            nats_stream: "GERBANG_EVENTS".into(),
            amqp_url: None,
            amqp_exchange: "gerbang.events".into(),
            notices: Vec::new(),
        }
    }
}

/// Settings that can hold secrets: never printed, and readable from `GERBANG_<NAME>_FILE`.
pub(crate) const SECRETS: [&str; 7] = [
    "jwt_secret",
    "admin_password",
    "database_url",
    "metrics_token",
    "proxy_url",
    "nats_url",
    "amqp_url",
];

/// What flags may override (only the ones given).
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Config {
    /// Loads every layer. `file` is the `--config` flag; else `GERBANG_CONFIG`; else
    /// `./gerbang.toml` when it exists.
    pub fn load(file: Option<&Path>, overrides: Overrides) -> anyhow::Result<Self> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("GERBANG_CONFIG").map(PathBuf::from));
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        let file = match file {
            Some(path) if !path.is_file() => {
                bail!("configuration file {} does not exist", path.display());
            }
            Some(path) => Some(path),
            None => Some(PathBuf::from("gerbang.toml")).filter(|p| p.is_file()),
        };
        let mut notices = Vec::new();
        if let Some(path) = &file {
            fig = fig.merge(Toml::file_exact(path));
            notices.extend(crate::unknown::in_file(path));
        }
        notices.extend(crate::unknown::in_environment(std::env::vars()));
        let mut ignored = TEXT.to_vec();
        ignored.push("config");
        fig = fig
            .merge(Env::prefixed("GERBANG_").ignore(&ignored))
            .merge(Serialized::defaults(text_variables()))
            .merge(Serialized::defaults(secret_files()?))
            .merge(Serialized::defaults(overrides));
        let mut config: Config = fig
            .extract()
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        config.validate()?;
        config.notices = notices;
        Ok(config)
    }

    fn validate(&self) -> anyhow::Result<()> {
        crate::logging::check_filter(&self.log).context("log")?;
        if !["text", "json"].contains(&self.log_format.as_str()) {
            bail!(
                "log_format must be \"text\" or \"json\", not {:?}",
                self.log_format
            );
        }
        parse_duration(&self.access_token_ttl).context("access_token_ttl")?;
        parse_duration(&self.refresh_token_ttl).context("refresh_token_ttl")?;
        if EngineKind::parse(&self.engine).is_none() {
            bail!(
                "engine must be \"whatsapp\" or \"sim\", not {:?}",
                self.engine
            );
        }
        if !(self.sim_speed >= 0.001 && self.sim_speed <= 1_000_000.0) {
            bail!("sim_speed must be between 0.001 and 1000000");
        }
        if let Some(secret) = crate::masked::text(&self.jwt_secret) {
            if secret.len() < 32 {
                bail!("jwt_secret must be at least 32 characters");
            }
        }
        self.whatsapp()?;
        self.sinks()?;
        self.cluster(self.port)?;
        Ok(())
    }

    /// This node's part in a cluster of nodes on one database; `port` is the one it listens on.
    pub fn cluster(&self, port: u16) -> anyhow::Result<gerbang_app::cluster::ClusterSettings> {
        let host = host_name();
        let node_id = self
            .node_id
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map_or_else(|| host.clone(), str::to_string);
        if node_id.len() > 100 || node_id.chars().any(char::is_control) {
            bail!("node_id must be 1 to 100 printable characters, not {node_id:?}");
        }
        let address = match self.node_address.as_deref().map(str::trim) {
            Some(a) if !a.is_empty() => {
                if !(a.starts_with("http://") || a.starts_with("https://")) {
                    bail!("node_address must start with http:// or https://, not {a:?}");
                }
                a.trim_end_matches('/').to_string()
            }
            _ => format!("http://{host}:{port}"),
        };
        if !(3..=3600).contains(&self.lease_ttl_secs) {
            bail!("lease_ttl_secs must be between 3 and 3600");
        }
        Ok(gerbang_app::cluster::ClusterSettings {
            node_id,
            address,
            lease_ttl: std::time::Duration::from_secs(self.lease_ttl_secs),
            max_devices: self.node_max_devices,
        })
    }

    /// The event-streaming sinks, checked: a URL of the broker's scheme, names the broker takes.
    pub fn sinks(&self) -> anyhow::Result<gerbang_app::sinks::SinkSettings> {
        fn url(v: &Option<SecretString>) -> Option<&str> {
            crate::masked::text(v)
                .map(str::trim)
                .filter(|u| !u.is_empty())
        }
        let nats = match url(&self.nats_url) {
            None => None,
            Some(u) => {
                if !["nats://", "tls://"].iter().any(|s| u.starts_with(s)) {
                    bail!(
                        "nats_url must start with nats:// or tls://, not {:?}",
                        gerbang_app::sinks::redact(u)
                    );
                }
                let prefix = self.nats_subject_prefix.trim();
                let token_ok = |t: &str| {
                    !t.is_empty()
                        && !t.contains(|c: char| c.is_whitespace() || c == '*' || c == '>')
                };
                if !prefix.split('.').all(token_ok) {
                    bail!(
                        "nats_subject_prefix must be subject tokens separated by dots (no spaces, * or >), not {prefix:?}"
                    );
                }
                let stream = self.nats_stream.trim();
                if stream.is_empty()
                    || stream.len() > 255
                    || stream.contains(|c: char| {
                        c.is_whitespace() || matches!(c, '.' | '*' | '>' | '/' | '\\')
                    })
                {
                    bail!("nats_stream must be a JetStream stream name (no spaces, dots, *, >, / or \\), not {stream:?}");
                }
                Some(gerbang_app::sinks::NatsSettings {
                    url: u.to_string(),
                    subject_prefix: prefix.to_string(),
                    stream: stream.to_string(),
                })
            }
        };
        let amqp = match url(&self.amqp_url) {
            None => None,
            Some(u) => {
                if !u.starts_with("amqp://") {
                    bail!(
                        "amqp_url must start with amqp:// (amqps is not built in), not {:?}",
                        gerbang_app::sinks::redact(u)
                    );
                }
                let exchange = self.amqp_exchange.trim();
                if exchange.is_empty() || exchange.len() > 255 || exchange.starts_with("amq.") {
                    bail!("amqp_exchange must be 1 to 255 characters and not start with \"amq.\", not {exchange:?}");
                }
                Some(gerbang_app::sinks::AmqpSettings {
                    url: u.to_string(),
                    exchange: exchange.to_string(),
                })
            }
        };
        Ok(gerbang_app::sinks::SinkSettings { nats, amqp })
    }

    /// The real engine's settings, checked: a `ws://`/`wss://` URL with a host (empty means
    /// WhatsApp's own), a version of three numbers, a device name that is not blank.
    pub fn whatsapp(&self) -> anyhow::Result<gerbang_engine_whatsapp::WhatsappConfig> {
        let url = match self.whatsapp_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) => {
                let host = url
                    .strip_prefix("ws://")
                    .or_else(|| url.strip_prefix("wss://"))
                    .map(|rest| rest.split(['/', '?']).next().unwrap_or(""));
                if host.is_none_or(str::is_empty) {
                    bail!(
                        "whatsapp_url must be a WebSocket URL like wss://host/ws/chat, not {:?}",
                        gerbang_store::redact_url(url)
                    );
                }
                Some(url.to_string())
            }
        };
        let version = gerbang_engine_whatsapp::parse_version(&self.whatsapp_version)
            .map_err(|e| anyhow::anyhow!("whatsapp_version: {e}"))?;
        let device_name = self.whatsapp_device_name.trim();
        if device_name.is_empty() || device_name.chars().count() > 50 {
            bail!("whatsapp_device_name must be 1 to 50 characters");
        }
        let proxy = match crate::masked::text(&self.proxy_url).map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                gerbang_engine_whatsapp::Proxy::parse(text)
                    .map_err(|e| anyhow::anyhow!("proxy_url ({}): {e}", e.part))?,
            ),
        };
        Ok(gerbang_engine_whatsapp::WhatsappConfig {
            url,
            version,
            device_name: device_name.to_string(),
            proxy,
        })
    }

    pub fn database_url(&self) -> String {
        crate::masked::text(&self.database_url)
            .map(str::to_string)
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("gerbang.db").display()))
    }

    pub fn engine(&self) -> EngineKind {
        EngineKind::parse(&self.engine).unwrap_or(EngineKind::Whatsapp)
    }

    pub fn sim_enabled(&self) -> bool {
        self.sim_enabled || self.engine() == EngineKind::Sim
    }

    pub fn cors_origins(&self) -> Vec<String> {
        self.cors_origins
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The effective configuration as TOML, secrets masked (they serialize only masked).
    pub fn to_masked_toml(&self) -> String {
        let mut shown = self.clone();
        shown.database_url = Some(self.database_url().into());
        shown.otlp_endpoint = self.otlp_endpoint.as_deref().map(gerbang_store::redact_url);
        shown.whatsapp_url = self.whatsapp_url.as_deref().map(gerbang_store::redact_url);
        // What the server does, not what was written: `engine = "sim"` turns the simulator on.
        shown.sim_enabled = self.sim_enabled();
        let Ok(mut table) = toml::Table::try_from(&shown) else {
            return String::new();
        };
        table
            .entry("jwt_secret")
            .or_insert_with(|| "(generated in data_dir)".into());
        toml::to_string_pretty(&table).unwrap_or_default()
    }
}

/// Settings that are text whatever they look like: their `GERBANG_*` variables are read as
/// written, not parsed (figment would read `GERBANG_WHATSAPP_VERSION=2.3000` as the number 2.3).
const TEXT: [&str; 24] = [
    "host",
    "data_dir",
    "database_url",
    "jwt_secret",
    "access_token_ttl",
    "refresh_token_ttl",
    "cors_origins",
    "admin_password",
    "log",
    "log_format",
    "engine",
    "whatsapp_url",
    "whatsapp_version",
    "whatsapp_device_name",
    "metrics_token",
    "otlp_endpoint",
    "proxy_url",
    "nats_url",
    "nats_subject_prefix",
    "nats_stream",
    "amqp_url",
    "amqp_exchange",
    "node_id",
    "node_address",
];

/// The [`TEXT`] settings from the environment, as written.
fn text_variables() -> figment::value::Dict {
    Env::prefixed("GERBANG_")
        .only(&TEXT)
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.into()))
        .collect()
}

/// A text setting. Figment reads environment values that look like numbers as numbers
/// (`GERBANG_ADMIN_PASSWORD=12345678`); here they are still text.
pub(crate) fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(TextVisitor)
}

/// [`text`] for optional settings.
pub(crate) fn opt_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Text(#[serde(deserialize_with = "text")] String);
    Ok(Option::<Text>::deserialize(d)?.map(|t| t.0))
}

struct TextVisitor;

impl serde::de::Visitor<'_> for TextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }
    /// A decimal number has lost its text (`2.3000` is 2.3): only a TOML file can send one
    /// here (the environment's text settings are read as written), and there it needs quotes.
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        Err(E::custom(format!(
            "the number {v} must be written as text, in quotes"
        )))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// `GERBANG_JWT_SECRET_FILE=/run/secrets/jwt` and the like, read into their settings.
fn secret_files() -> anyhow::Result<figment::value::Dict> {
    let mut dict = figment::value::Dict::new();
    for name in SECRETS {
        let var = format!("GERBANG_{}_FILE", name.to_uppercase());
        if let Some(path) = std::env::var_os(&var) {
            let value = std::fs::read_to_string(&path)
                .with_context(|| format!("{var}: cannot read {}", Path::new(&path).display()))?;
            dict.insert(
                name.to_string(),
                value.trim_end_matches(['\r', '\n']).into(),
            );
        }
    }
    Ok(dict)
}

/// `30s`, `90m`, `24h`, `7d` (a bare number is seconds).
pub fn parse_duration(s: &str) -> anyhow::Result<chrono::Duration> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = num
        .parse()
        .with_context(|| format!("{s:?} is not a duration like 24h or 7d"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => bail!("{s:?} is not a duration like 24h or 7d"),
    };
    if secs <= 0 {
        bail!("{s:?} must be longer than zero");
    }
    Ok(chrono::Duration::seconds(secs))
}

/// The machine's host name (the default node id), or `gerbang` when it cannot be read.
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "gerbang".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("24h").unwrap().num_seconds(), 86_400);
        assert_eq!(parse_duration("7d").unwrap().num_seconds(), 604_800);
        assert_eq!(parse_duration("90").unwrap().num_seconds(), 90);
        assert!(parse_duration("1w").is_err());
        assert!(parse_duration("0h").is_err());
        assert!(parse_duration("h").is_err());
    }

    #[test]
    fn masks_secrets_and_defaults_to_sqlite() {
        let c = Config {
            jwt_secret: Some("x".repeat(40).into()),
            database_url: Some("postgres://u:pw@db/g".into()),
            ..Config::default()
        };
        let out = c.to_masked_toml();
        assert!(!out.contains("xxxx") && !out.contains(":pw@"), "{out}");
        assert!(out.contains("postgres://u:***@db/g"));
        assert_eq!(
            Config::default().database_url(),
            "sqlite://./data/gerbang.db"
        );
        assert_eq!(Config::default().port, 5005);
    }

    #[test]
    fn secrets_never_print() {
        let c = Config {
            jwt_secret: Some("j".repeat(40).into()),
            admin_password: Some("admin-pass-123".into()),
            metrics_token: Some("metrics-tok-456".into()),
            database_url: Some("postgres://u:db-pw-789@db/g".into()),
            proxy_url: Some("socks5://ana:proxy-pw@10.0.0.5:1080".into()),
            nats_url: Some("nats://nats-tok@127.0.0.1:4222".into()),
            amqp_url: Some("amqp://guest:amqp-pw@127.0.0.1:5672/%2f".into()),
            ..Config::default()
        };
        let debug = format!("{c:?}");
        let toml = c.to_masked_toml();
        let json = serde_json::to_string(&c).unwrap();
        for secret in [
            "jjjj",
            "admin-pass-123",
            "metrics-tok-456",
            "db-pw-789",
            "proxy-pw",
            "nats-tok",
            "amqp-pw",
        ] {
            for (how, out) in [("Debug", &debug), ("TOML", &toml), ("JSON", &json)] {
                assert!(!out.contains(secret), "{how} shows {secret}: {out}");
            }
        }
        assert!(debug.contains("REDACTED"), "{debug}");
        assert!(toml.contains("metrics_token = \"********\""), "{toml}");
        // Still usable where they are used.
        assert_eq!(c.database_url(), "postgres://u:db-pw-789@db/g");
        assert!(c.whatsapp().unwrap().proxy.is_some());
    }

    #[test]
    fn numbers_in_text_settings_stay_text() {
        // Parsed the way the environment provider parses GERBANG_ADMIN_PASSWORD=12345678.
        let mut env = figment::value::Dict::new();
        for (key, value) in [
            ("admin_password", "12345678"),
            ("access_token_ttl", "90"),
            ("jwt_secret", "123456789012345678901234567890123456"),
            ("whatsapp_device_name", "2024"),
        ] {
            let parsed: figment::value::Value = value.parse().unwrap();
            env.insert(key.into(), parsed);
        }
        let fig =
            Figment::from(Serialized::defaults(Config::default())).merge(Serialized::defaults(env));
        let c: Config = fig.extract().unwrap();
        assert_eq!(crate::masked::text(&c.admin_password), Some("12345678"));
        assert_eq!(c.access_token_ttl, "90");
        assert_eq!(
            crate::masked::text(&c.jwt_secret),
            Some("123456789012345678901234567890123456")
        );
        assert_eq!(c.whatsapp_device_name, "2024");
        let none: Config = Figment::from(Serialized::defaults(Config::default()))
            .extract()
            .unwrap();
        assert!(none.admin_password.is_none());
    }

    #[test]
    fn cluster_settings_default_to_the_host_and_are_checked() {
        let d = Config::default().cluster(5005).unwrap();
        assert_eq!(d.node_id, host_name());
        assert_eq!(d.address, format!("http://{}:5005", host_name()));
        assert_eq!(d.lease_ttl, std::time::Duration::from_secs(10));
        assert_eq!(d.max_devices, 0);
        let c = Config {
            node_id: Some(" node-1 ".into()),
            node_address: Some("https://10.0.0.5:5005/".into()),
            lease_ttl_secs: 3,
            node_max_devices: 40,
            ..Config::default()
        };
        let s = c.cluster(5005).unwrap();
        assert_eq!(
            (s.node_id.as_str(), s.address.as_str(), s.max_devices),
            ("node-1", "https://10.0.0.5:5005", 40)
        );
        let bad = |c: Config, what: &str| {
            let e = c.cluster(5005).unwrap_err().to_string();
            assert!(e.contains(what), "{e}");
        };
        bad(
            Config {
                node_address: Some("10.0.0.5:5005".into()),
                ..Config::default()
            },
            "node_address",
        );
        for ttl in [0, 2, 3601] {
            bad(
                Config {
                    lease_ttl_secs: ttl,
                    ..Config::default()
                },
                "lease_ttl_secs",
            );
        }
        bad(
            Config {
                node_id: Some("a\nb".into()),
                ..Config::default()
            },
            "node_id",
        );
    }

    #[test]
    fn whatsapp_settings_are_checked() {
        let d = Config::default().whatsapp().unwrap();
        assert_eq!(Config::default().whatsapp_version, "2.3000.1042742319");
        assert_eq!(d.version, (2, 3000, 1_042_742_319));
        assert_eq!(d.url, None);
        let c = Config {
            whatsapp_url: Some("ws://127.0.0.1:9/ws/chat".into()),
            whatsapp_version: " 2.3000.1099999999 ".into(),
            whatsapp_device_name: "Toko".into(),
            ..Config::default()
        };
        let w = c.whatsapp().unwrap();
        assert_eq!(w.url.as_deref(), Some("ws://127.0.0.1:9/ws/chat"));
        assert_eq!(w.version, (2, 3000, 1_099_999_999));
        assert_eq!(w.device_name, "Toko");
        for bad in [
            "2.3000",
            "2.3000.x",
            "2..1",
            "2.3000.1.4",
            "v2.3000.1",
            "2.3000.99999999999",
            "",
        ] {
            let c = Config {
                whatsapp_version: bad.into(),
                ..Config::default()
            };
            let e = c.validate().unwrap_err().to_string();
            assert!(
                e.starts_with("whatsapp_version: ") && e.contains("2.3000.1042742319"),
                "{bad}: {e}"
            );
        }
        for bad in [
            "http://example.com/ws",
            "ws://",
            "wss:///chat",
            "example.com",
        ] {
            let c = Config {
                whatsapp_url: Some(bad.into()),
                ..Config::default()
            };
            let e = c.validate().unwrap_err().to_string();
            assert!(e.starts_with("whatsapp_url must be"), "{bad}: {e}");
        }
        let blank = Config {
            whatsapp_url: Some(" ".into()),
            whatsapp_device_name: "  ".into(),
            ..Config::default()
        };
        assert!(blank
            .validate()
            .unwrap_err()
            .to_string()
            .contains("whatsapp_device_name"));
        let proxied = Config {
            whatsapp_url: Some("wss://u:secret@proxy.example/ws".into()),
            ..Config::default()
        };
        let shown = proxied.to_masked_toml();
        assert!(
            shown.contains("whatsapp_version = \"2.3000.1042742319\""),
            "{shown}"
        );
        assert!(
            shown.contains("wss://u:***@proxy.example/ws") && !shown.contains(":secret@"),
            "{shown}"
        );
    }

    #[test]
    fn the_proxy_url_is_checked_and_its_password_masked() {
        let with = |url: &str| Config {
            proxy_url: Some(url.into()),
            ..Config::default()
        };
        let ok = with("socks5://ana:rahasia@10.0.0.5:1080");
        let proxy = ok.whatsapp().unwrap().proxy.unwrap();
        assert_eq!((proxy.host.as_str(), proxy.port), ("10.0.0.5", 1080));
        let shown = ok.to_masked_toml();
        assert!(
            shown.contains("proxy_url = \"socks5://ana:***@10.0.0.5:1080\"")
                && !shown.contains("rahasia"),
            "{shown}"
        );
        for (bad, part) in [("ftp://h:1", "scheme"), ("http://h", "port")] {
            let e = with(bad).whatsapp().unwrap_err().to_string();
            assert!(e.starts_with(&format!("proxy_url ({part})")), "{bad}: {e}");
        }
        assert!(with(" ").whatsapp().unwrap().proxy.is_none());
    }

    #[test]
    fn event_sinks_are_off_checked_and_masked() {
        let off = Config::default().sinks().unwrap();
        assert!(off.nats.is_none() && off.amqp.is_none());
        let c = Config {
            nats_url: Some("nats://tok3n@127.0.0.1:4222".into()),
            amqp_url: Some("amqp://guest:s3cret@127.0.0.1:5672/%2f".into()),
            ..Config::default()
        };
        let s = c.sinks().unwrap();
        let nats = s.nats.unwrap();
        assert_eq!(
            (nats.subject_prefix.as_str(), nats.stream.as_str()),
            ("gerbang", "GERBANG_EVENTS")
        );
        assert_eq!(s.amqp.unwrap().exchange, "gerbang.events");
        let shown = c.to_masked_toml();
        assert!(
            !shown.contains("tok3n") && !shown.contains("s3cret"),
            "{shown}"
        );
        assert!(
            shown.contains("amqp://guest:***@127.0.0.1:5672/%2f"),
            "{shown}"
        );
        for (bad, field) in [
            (
                Config {
                    nats_url: Some("http://x".into()),
                    ..Config::default()
                },
                "nats_url",
            ),
            (
                Config {
                    amqp_url: Some("amqps://x".into()),
                    ..Config::default()
                },
                "amqp_url",
            ),
            (
                Config {
                    nats_url: Some("nats://x".into()),
                    nats_subject_prefix: "a.>".into(),
                    ..Config::default()
                },
                "nats_subject_prefix",
            ),
            (
                Config {
                    nats_url: Some("nats://x".into()),
                    nats_subject_prefix: "a..b".into(),
                    ..Config::default()
                },
                "nats_subject_prefix",
            ),
            (
                Config {
                    nats_url: Some("nats://x".into()),
                    nats_stream: "A.B".into(),
                    ..Config::default()
                },
                "nats_stream",
            ),
            (
                Config {
                    amqp_url: Some("amqp://x".into()),
                    amqp_exchange: "amq.topic".into(),
                    ..Config::default()
                },
                "amqp_exchange",
            ),
        ] {
            let e = bad.validate().unwrap_err().to_string();
            assert!(e.starts_with(field), "{field}: {e}");
        }
    }
}
