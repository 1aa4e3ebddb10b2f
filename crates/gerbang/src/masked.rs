//! Secret settings: kept as [`SecretString`] (Debug prints `[REDACTED]`, the text is read only
//! where it is used), read as text whatever they look like, and written out masked. Writing
//! out only ever shows the masked form, so no printout of the configuration can leak them.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserializer, Serializer};

/// An optional secret, read as text (see `config::opt_text`).
pub(crate) fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Ok(crate::config::opt_text(d)?.map(SecretString::from))
}

/// A password or token: only whether it is set.
pub(crate) fn hidden<S: Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    shown(v, s, |_| "********".to_string())
}

/// A URL: everything but its password.
pub(crate) fn url<S: Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    shown(v, s, gerbang_store::redact_url)
}

/// A proxy URL, its password masked (or all of it when it does not parse).
pub(crate) fn proxy<S: Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    shown(v, s, |u| {
        gerbang_engine_whatsapp::Proxy::parse(u)
            .map(|p| p.redacted())
            .unwrap_or_else(|_| "********".into())
    })
}

/// A broker URL (NATS, RabbitMQ), its credentials masked.
pub(crate) fn broker<S: Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    shown(v, s, gerbang_app::sinks::redact)
}

fn shown<S: Serializer>(
    v: &Option<SecretString>,
    s: S,
    mask: impl Fn(&str) -> String,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(secret) => s.serialize_some(&mask(secret.expose_secret())),
        None => s.serialize_none(),
    }
}

/// The secret's text, for the one place that uses it.
pub(crate) fn text(v: &Option<SecretString>) -> Option<&str> {
    v.as_ref().map(|s| s.expose_secret())
}
