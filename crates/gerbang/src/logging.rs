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

pub fn init(filter: EnvFilter, json: bool) {
    // Our own bridge from the `log` crate (whatsapp-rust's), instead of the subscriber's.
    crate::log_bridge::install();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        tracing::subscriber::set_global_default(builder.json().finish())
    } else {
        tracing::subscriber::set_global_default(
            builder.with_ansi(std::io::stderr().is_terminal()).finish(),
        )
    };
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
