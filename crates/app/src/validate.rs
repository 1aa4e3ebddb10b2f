//! Input rules shared by every route that takes the same kind of value.

use std::collections::BTreeMap;

use crate::{AppError, AppResult};

/// Collects every broken rule of one request, so a client learns all of them at once.
#[derive(Debug, Default)]
pub struct Fields(BTreeMap<String, String>);

impl Fields {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn check(&mut self, field: &str, result: Result<(), String>) -> &mut Self {
        if let Err(msg) = result {
            self.0.entry(field.to_string()).or_insert(msg);
        }
        self
    }

    pub fn add(&mut self, field: &str, msg: impl Into<String>) -> &mut Self {
        self.0.entry(field.to_string()).or_insert(msg.into());
        self
    }

    /// Keeps the value of a parse, or records why it failed under `field`.
    pub fn take<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|msg| self.add(field, msg)).ok()
    }

    pub fn finish(&mut self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(std::mem::take(&mut self.0)))
        }
    }
}

pub fn username(s: &str) -> Result<(), String> {
    let len = s.chars().count();
    if !(3..=32).contains(&len) {
        return Err("must be 3 to 32 characters".into());
    }
    let mut chars = s.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphanumeric()) {
        return Err("must start with a letter or digit".into());
    }
    if !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
        return Err("may contain only letters, digits, '_', '.' and '-'".into());
    }
    Ok(())
}

pub fn email(s: &str) -> Result<(), String> {
    let bad = || Err("must be an email address like name@example.com".to_string());
    if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad();
    }
    match s.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.') =>
        {
            Ok(())
        }
        _ => bad(),
    }
}

pub fn password(s: &str) -> Result<(), String> {
    let len = s.chars().count();
    if len < 8 {
        return Err("must be at least 8 characters".into());
    }
    if len > 128 {
        return Err("must be at most 128 characters".into());
    }
    Ok(())
}

/// A required human-readable name: trimmed, not empty, bounded.
pub fn name(s: &str, max: usize) -> Result<(), String> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    if trimmed.chars().count() > max || s.chars().any(char::is_control) {
        return Err(format!(
            "must be at most {max} characters, without control characters"
        ));
    }
    Ok(())
}

pub fn full_name(s: &str) -> Result<(), String> {
    if s.chars().count() > 100 || s.chars().any(char::is_control) {
        return Err("must be at most 100 characters, without control characters".into());
    }
    Ok(())
}

pub fn device_id(s: &str) -> Result<(), String> {
    let ok_len = (3..=64).contains(&s.len());
    if !ok_len
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err("must be 3 to 64 letters, digits, '-' or '_'".into());
    }
    Ok(())
}

/// An IANA time zone name, e.g. `Asia/Jakarta`.
pub fn time_zone(s: &str) -> Result<(), String> {
    s.parse::<chrono_tz::Tz>()
        .map(|_| ())
        .map_err(|_| "must be an IANA time zone such as \"Asia/Jakarta\"".into())
}

pub const LANGUAGES: [&str; 2] = ["en", "id"];

pub fn language(s: &str) -> Result<(), String> {
    if LANGUAGES.contains(&s) {
        Ok(())
    } else {
        Err("must be \"en\" or \"id\"".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert!(username("budi_santoso").is_ok());
        assert!(username("ab").is_err());
        assert!(username("_budi").is_err());
        assert!(username("budi santoso").is_err());
        assert!(username(&"a".repeat(33)).is_err());
    }

    #[test]
    fn emails() {
        assert!(email("budi@example.co.id").is_ok());
        for bad in [
            "budi",
            "@x.id",
            "budi@",
            "budi@x",
            "a@b@c.id",
            "budi @x.id",
            "b@.id",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_names_ids() {
        assert!(password("12345678").is_ok());
        assert!(password("1234567").is_err());
        assert!(password(&"x".repeat(129)).is_err());
        assert!(name("  ", 10).is_err());
        assert!(name("Kantor", 10).is_ok());
        assert!(device_id("toko-1").is_ok());
        assert!(device_id("toko 1").is_err());
        assert!(device_id("ab").is_err());
        assert!(language("id").is_ok() && language("fr").is_err());
        assert!(time_zone("Asia/Makassar").is_ok() && time_zone("Mars/Olympus").is_err());
    }

    #[test]
    fn fields_collects_all() {
        let mut f = Fields::new();
        f.check("a", Err("x".into()))
            .check("b", Ok(()))
            .add("c", "y");
        match f.finish() {
            Err(AppError::Validation(m)) => assert_eq!(m.len(), 2),
            other => panic!("{other:?}"),
        }
    }
}
