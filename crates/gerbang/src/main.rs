use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use gerbang::config::{Config, Overrides};

mod link;

#[derive(Parser)]
#[command(name = "gerbang", version, about = "Self-hosted WhatsApp gateway")]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args)]
struct GlobalArgs {
    /// TOML configuration file (default: ./gerbang.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, global = true)]
    host: Option<String>,
    #[arg(long, global = true)]
    port: Option<u16>,
    /// Data directory (SQLite database, generated secrets).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// sqlite://PATH or postgres://USER@HOST/DB
    #[arg(long, global = true)]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the gateway (the default).
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Create an administrator account.
    CreateAdmin {
        /// Default: `admin`, or the first free of `admin2`, `admin3`, …
        #[arg(long)]
        username: Option<String>,
        #[arg(long)]
        email: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Ask a running gateway whether it is healthy: exit 0 when it is, 1 when not.
    Healthcheck {
        /// Base URL; default http://127.0.0.1:<port>.
        #[arg(long)]
        url: Option<String>,
    },
    /// Print the effective configuration, secrets masked.
    Config,
    /// Print the OpenAPI document.
    Openapi,
    /// Drive the simulated WhatsApp network of a running gateway.
    #[command(subcommand)]
    Sim(SimCommand),
    /// Work with a device of a running gateway.
    #[command(subcommand)]
    Device(DeviceCommand),
}

#[derive(Subcommand)]
enum DeviceCommand {
    /// Link a device from this terminal: shows the QR code (redrawn as it rotates), or a pairing
    /// code with --phone; exits 0 once the device is connected.
    Link {
        device_id: String,
        /// Link by phone number: ask for a pairing code to type on that phone (needs an
        /// administrator's token).
        #[arg(long)]
        phone: Option<String>,
        /// Base URL of the gateway; default http://127.0.0.1:<port>.
        #[arg(long)]
        url: Option<String>,
        /// An access token (or set GERBANG_TOKEN).
        #[arg(long, env = "GERBANG_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// The device's API key instead of a token (or set GERBANG_API_KEY).
        #[arg(
            long,
            env = "GERBANG_API_KEY",
            hide_env_values = true,
            conflicts_with = "token"
        )]
        api_key: Option<String>,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 300)]
        timeout: u64,
    },
}

#[derive(Subcommand)]
enum SimCommand {
    /// Scan a device's current QR code with a simulated phone.
    Scan {
        device_id: String,
        /// The simulated phone's number; one is made up when absent.
        #[arg(long)]
        phone: Option<String>,
        /// Base URL of the gateway; default http://127.0.0.1:<port>.
        #[arg(long)]
        url: Option<String>,
        /// An access token (or set GERBANG_TOKEN).
        #[arg(long, env = "GERBANG_TOKEN", hide_env_values = true)]
        token: String,
    },
}

fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    let overrides = Overrides {
        host: cli.global.host,
        port: cli.global.port,
        data_dir: cli.global.data_dir,
        database_url: cli.global.database_url,
    };
    let config = match Config::load(cli.global.config.as_deref(), overrides) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let telemetry = match gerbang::logging::filter(&config.log).and_then(|filter| {
        gerbang::logging::init(
            filter,
            config.log_format == "json",
            config.otlp_endpoint.as_deref(),
        )
    }) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    for notice in &config.notices {
        tracing::warn!("{notice}");
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(e.into()),
    };
    let result = runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config));
    drop(runtime);
    drop(telemetry);
    match result {
        Ok(code) => code,
        Err(e) => fail(e),
    }
}

/// One line, no backtrace: what went wrong and, through the context chain, why.
fn fail(e: anyhow::Error) -> ExitCode {
    eprintln!("error: {e:#}");
    ExitCode::FAILURE
}

async fn run(command: Command, config: Config) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve => {
            let addr = format!("{}:{}", config.host, config.port);
            let listener = tokio::net::TcpListener::bind(&addr)
                .await
                .with_context(|| format!("cannot listen on {addr}"))?;
            gerbang::serve(config, listener, shutdown_signal()).await?;
        }
        Command::Migrate => {
            let store = gerbang::open_store(&config).await?;
            println!("database schema is up to date ({})", store.backend());
            store.close().await;
        }
        Command::CreateAdmin {
            username,
            email,
            password_stdin,
        } => {
            let password = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s.trim_end_matches(['\r', '\n']).to_string()
            } else {
                gerbang_app::tokens::random_secret("")[..20].to_string()
            };
            let store = gerbang::open_store(&config).await?;
            let app = gerbang::build_app(&config, store.clone())?;
            let username = match username {
                Some(u) => u,
                None => free_admin_name(&app).await?,
            };
            let user = app
                .create_admin(&username, &email, &password)
                .await
                .map_err(|e| match e {
                    gerbang_app::AppError::Validation(fields) => anyhow::anyhow!(
                        "{}",
                        fields
                            .iter()
                            .map(|(k, v)| format!("{k} {v}"))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    other => anyhow::anyhow!("{other}"),
                })?;
            println!("created administrator {} (id {})", user.username, user.id);
            if !password_stdin {
                println!("password: {password}");
            }
            store.close().await;
        }
        Command::Sim(SimCommand::Scan {
            device_id,
            phone,
            url,
            token,
        }) => {
            let base = url.unwrap_or_else(|| local_base(&config));
            let body = serde_json::json!({ "phone": phone });
            let path = format!("/api/sim/devices/{device_id}/scan");
            let (status, answer) = http_call(
                &base,
                reqwest::Method::POST,
                &path,
                Some(&token),
                Some(body),
            )
            .await?;
            println!("{answer}");
            if status != 200 {
                eprintln!("{} answered {status}", join(&base, &path));
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Device(DeviceCommand::Link {
            device_id,
            phone,
            url,
            token,
            api_key,
            timeout,
        }) => {
            let credential = match (token, api_key) {
                (Some(t), _) => link::Credential::Token(t),
                (None, Some(k)) => link::Credential::ApiKey(k),
                (None, None) => anyhow::bail!(
                    "give --token (or GERBANG_TOKEN) or --api-key (or GERBANG_API_KEY)"
                ),
            };
            link::Link {
                base: url.unwrap_or_else(|| local_base(&config)),
                device_id,
                phone,
                credential,
                timeout: std::time::Duration::from_secs(timeout),
            }
            .run()
            .await?;
        }
        Command::Healthcheck { url } => {
            let base = url.unwrap_or_else(|| local_base(&config));
            return Ok(match healthcheck(&base).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("unhealthy: {e:#}");
                    ExitCode::FAILURE
                }
            });
        }
        Command::Config => print!("{}", config.to_masked_toml()),
        Command::Openapi => println!("{}", gerbang_web::openapi_json(config.sim_enabled())),
    }
    Ok(ExitCode::SUCCESS)
}

/// `admin`, else the first of `admin2`, `admin3`, … that no account uses: the first start
/// already made an `admin`, and `create-admin` without `--username` must not collide with it.
async fn free_admin_name(app: &gerbang_app::App) -> anyhow::Result<String> {
    for n in 1..1000 {
        let name = if n == 1 {
            "admin".to_string()
        } else {
            format!("admin{n}")
        };
        if app.store.user_by_login(&name).await?.is_none() {
            return Ok(name);
        }
    }
    anyhow::bail!("no free administrator name; give one with --username")
}

/// The gateway on this machine, as configured.
fn local_base(config: &Config) -> String {
    let host = if config.host == "0.0.0.0" || config.host == "::" {
        "127.0.0.1"
    } else {
        &config.host
    };
    format!("http://{host}:{}", config.port)
}

async fn healthcheck(base: &str) -> anyhow::Result<()> {
    let (status, _) = http_call(base, reqwest::Method::GET, "/api/health", None, None).await?;
    if status == 200 {
        Ok(())
    } else {
        anyhow::bail!("{} answered {status}", join(base, "/api/health"))
    }
}

/// `base` (which may carry a path, e.g. behind a proxy at `https://host/gerbang`) and a route.
fn join(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// One request to the gateway (http or https); errors name the URL tried.
async fn http_call(
    base: &str,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    json_body: Option<serde_json::Value>,
) -> anyhow::Result<(u16, String)> {
    let url = join(base, path);
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()?;
    let mut req = client.request(method, &url);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(body) = json_body {
        req = req.json(&body);
    }
    let res = req
        .send()
        .await
        .with_context(|| format!("no answer from {url}"))?;
    let status = res.status().as_u16();
    let body = res
        .text()
        .await
        .with_context(|| format!("reading the answer of {url}"))?;
    Ok((status, body))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
