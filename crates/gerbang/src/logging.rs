//! The log: to standard error, as text (coloured only on a terminal, so files and pipes get
//! no escape codes) or as one JSON object per line (`log_format = "json"`).

use std::io::IsTerminal;

use anyhow::bail;
use tracing_subscriber::EnvFilter;

/// Levels a bare filter word may be; anything else must be written `target=level`.
const LEVELS: [&str; 6] = ["trace", "debug", "info", "warn", "error", "off"];

/// Checks a log filter such as `info` or `gerbang=debug,info`. A bare word that is not a level
/// (`GERBANG_LOG=verbose`) would silently mean "everything from a module named verbose", i.e.
/// no log at all, so it is refused.
pub fn check_filter(filter: &str) -> anyhow::Result<EnvFilter> {
    for directive in filter.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        let bare = !directive.contains(['=', '[', ':']);
        if bare && !LEVELS.contains(&directive.to_ascii_lowercase().as_str()) {
            bail!(
                "{directive:?} is not a level ({}); write target=level for one module",
                LEVELS.join(", ")
            );
        }
    }
    EnvFilter::try_new(filter).map_err(|e| anyhow::anyhow!("{filter:?} is not a log filter: {e}"))
}

/// The filter in force: `RUST_LOG` when set (it must parse), else the configured one.
pub fn filter(configured: &str) -> anyhow::Result<EnvFilter> {
    match std::env::var("RUST_LOG") {
        Ok(v) if !v.trim().is_empty() => EnvFilter::try_new(&v)
            .map_err(|e| anyhow::anyhow!("RUST_LOG {v:?} is not a log filter: {e}")),
        _ => check_filter(configured).map_err(|e| anyhow::anyhow!("log: {e}")),
    }
}

/// Keeps the trace exporter alive; dropping it (at exit) sends the spans still buffered.
pub struct Telemetry(Option<opentelemetry_sdk::trace::SdkTracerProvider>);

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.0.take() {
            if let Err(e) = provider.shutdown() {
                eprintln!("warning: traces not all exported at exit: {e}");
            }
        }
    }
}

/// The log to standard error and, when `otlp_endpoint` is set, the same spans exported to an
/// OpenTelemetry collector over OTLP/HTTP. The filter applies to both.
pub fn init(
    filter: EnvFilter,
    json: bool,
    otlp_endpoint: Option<&str>,
) -> anyhow::Result<Telemetry> {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::Layer;
    // Our own bridge from the `log` crate (whatsapp-rust's), instead of the subscriber's.
    crate::log_bridge::install();
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let fmt = if json {
        fmt.json().boxed()
    } else {
        fmt.with_ansi(std::io::stderr().is_terminal()).boxed()
    };
    let mut layers = vec![fmt];
    let provider = match otlp_endpoint {
        Some(endpoint) => {
            let (layer, provider) = otlp_layer(endpoint)?;
            layers.push(layer);
            Some(provider)
        }
        None => None,
    };
    let subscriber = tracing_subscriber::registry().with(filter).with(layers);
    let _ = tracing::subscriber::set_global_default(subscriber);
    Ok(Telemetry(provider))
}

type Filtered = tracing_subscriber::layer::Layered<EnvFilter, tracing_subscriber::Registry>;
type BoxedLayer = Box<dyn tracing_subscriber::Layer<Filtered> + Send + Sync>;

fn otlp_layer(
    endpoint: &str,
) -> anyhow::Result<(BoxedLayer, opentelemetry_sdk::trace::SdkTracerProvider)> {
    use opentelemetry::trace::TracerProvider as _;
    use opentelemetry_otlp::{Protocol, WithExportConfig};
    use tracing_subscriber::Layer;
    let base = endpoint.trim_end_matches('/');
    let url = if base.ends_with("/v1/traces") {
        base.to_string()
    } else {
        format!("{base}/v1/traces")
    };
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(url)
        .with_timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| anyhow::anyhow!("otlp_endpoint: {e}"))?;
    let resource = opentelemetry_sdk::Resource::builder()
        .with_service_name("gerbang")
        .build();
    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource)
        .build();
    let tracer = provider.tracer("gerbang");
    let layer = tracing_opentelemetry::layer().with_tracer(tracer).boxed();
    Ok((layer, provider))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_checked() {
        for good in [
            "info",
            "WARN",
            "gerbang=debug,info",
            "tower_http=trace",
            "gerbang_app::jobs=debug",
        ] {
            assert!(check_filter(good).is_ok(), "{good}");
        }
        for bad in ["verbose", "info,loud", "gerbang=loud", "info,[unclosed"] {
            assert!(check_filter(bad).is_err(), "{bad}");
        }
    }
}
