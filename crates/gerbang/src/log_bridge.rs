//! whatsapp-rust logs through the `log` crate; this hands its records to `tracing`, as
//! tracing-log's `LogTracer` does, with one change of level. "Failed to connect: … Will
//! retry…" comes at ERROR on every retry of a device that cannot reach WhatsApp (offline, or a
//! device that was never linked), although nothing is wrong with the gateway and the engine
//! already reports each failed attempt itself (at INFO, with the device id and the reason). It
//! goes on at DEBUG.

use log::{Level, LevelFilter, Log, Metadata, Record};
use tracing_log::LogTracer;

struct Bridge(LogTracer);

impl Log for Bridge {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.0.enabled(metadata)
    }

    fn log(&self, record: &Record<'_>) {
        match lowered(record) {
            Some(level) => self.0.log(
                &Record::builder()
                    .level(level)
                    .target(record.target())
                    .args(*record.args())
                    .module_path(record.module_path())
                    .file(record.file())
                    .line(record.line())
                    .build(),
            ),
            None => self.0.log(record),
        }
    }

    fn flush(&self) {}
}

/// The level a record goes on at, when it is not its own.
fn lowered(record: &Record<'_>) -> Option<Level> {
    let retry = record.level() == Level::Error
        && record.target().starts_with("whatsapp_rust")
        && record.args().to_string().starts_with("Failed to connect:");
    retry.then_some(Level::Debug)
}

/// Routes `log` records into `tracing`; call before the subscriber is installed, instead of
/// letting it install tracing-log's own bridge.
pub fn install() {
    if log::set_boxed_logger(Box::new(Bridge(LogTracer::new()))).is_ok() {
        log::set_max_level(LevelFilter::Trace);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(level: Level, target: &str, args: std::fmt::Arguments<'_>) -> Option<Level> {
        lowered(
            &Record::builder()
                .level(level)
                .target(target)
                .args(args)
                .build(),
        )
    }

    #[test]
    fn only_the_retry_of_a_failed_connect_is_lowered() {
        let error = "dns error: failed to lookup address information";
        assert_eq!(
            record(
                Level::Error,
                "whatsapp_rust::client::lifecycle",
                format_args!("Failed to connect: {error}. Will retry...")
            ),
            Some(Level::Debug)
        );
        assert_eq!(
            record(
                Level::Error,
                "whatsapp_rust::client::lifecycle",
                format_args!("Failed to flush device state during disconnect: {error}")
            ),
            None
        );
        assert_eq!(
            record(
                Level::Error,
                "other_crate",
                format_args!("Failed to connect: {error}")
            ),
            None
        );
        assert_eq!(
            record(
                Level::Warn,
                "whatsapp_rust::client",
                format_args!("Failed to connect: {error}")
            ),
            None
        );
    }
}
