//! The dashboard's CSS and JavaScript, compiled in and served under names that carry a hash of
//! their content, so browsers may cache them for a year and still never see a stale file.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

struct Asset {
    /// The name templates ask for, e.g. `app.css`.
    name: &'static str,
    /// The name it is served under, e.g. `app.3f2a9c1e.css`.
    hashed: String,
    body: &'static [u8],
    mime: &'static str,
}

const FILES: [(&str, &[u8], &str); 5] = [
    (
        "app.css",
        include_bytes!("../../assets/app.css"),
        "text/css; charset=utf-8",
    ),
    (
        "icon.svg",
        include_bytes!("../../assets/icon.svg"),
        "image/svg+xml",
    ),
    (
        "app.js",
        include_bytes!("../../assets/app.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "live.js",
        include_bytes!("../../assets/live.js"),
        "text/javascript; charset=utf-8",
    ),
    // A SharedWorker script: same origin, so the CSP's `script-src 'self'` allows it.
    (
        "events-worker.js",
        include_bytes!("../../assets/events-worker.js"),
        "text/javascript; charset=utf-8",
    ),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(name, body, mime)| {
            let digest = hex::encode(Sha256::digest(body));
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            Asset {
                name,
                hashed: format!("{stem}.{}.{ext}", &digest[..8]),
                body,
                mime,
            }
        })
        .collect()
});

/// The URL of an asset by its plain name.
pub fn url(name: &str) -> String {
    ASSETS
        .iter()
        .find(|a| a.name == name)
        .map(|a| format!("/assets/{}", a.hashed))
        .unwrap_or_default()
}

pub async fn serve(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.hashed == file) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, a.mime),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                // A worker script runs under its own response's policy, not the page's.
                (header::CONTENT_SECURITY_POLICY, super::session::CSP),
            ],
            a.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_carry_the_content_hash() {
        let css = super::url("app.css");
        assert!(css.starts_with("/assets/app.") && css.ends_with(".css"));
        assert_eq!(css.len(), "/assets/app.12345678.css".len());
        assert_eq!(super::url("missing.css"), "");
    }
}
