//! The dashboard's two languages. Every label lives in `locales/en.toml` and `locales/id.toml`
//! (same keys in both, checked by a test); dates and numbers follow the language and the
//! viewer's time zone.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Id,
}

impl Lang {
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "id" => Some(Lang::Id),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    /// From an `Accept-Language` header: Indonesian when it comes first, else English.
    pub fn from_accept(header: &str) -> Lang {
        let first = header.split(',').next().unwrap_or("").trim();
        if first.to_ascii_lowercase().starts_with("id") {
            Lang::Id
        } else {
            Lang::En
        }
    }
}

type Catalogue = HashMap<String, String>;

fn load(text: &str) -> Catalogue {
    let value: toml::Table = text.parse().expect("the catalogue is valid TOML");
    let mut out = HashMap::new();
    flatten("", &toml::Value::Table(value), &mut out);
    out
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut Catalogue) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.as_str().unwrap_or("").to_string());
        }
    }
}

static EN: LazyLock<Catalogue> = LazyLock::new(|| load(include_str!("../../locales/en.toml")));
static ID: LazyLock<Catalogue> = LazyLock::new(|| load(include_str!("../../locales/id.toml")));

/// Looks a label up; an unknown key shows itself, which the tests look for.
pub fn text(lang: Lang, key: &str) -> String {
    let table = match lang {
        Lang::En => &*EN,
        Lang::Id => &*ID,
    };
    match table.get(key) {
        Some(v) => v.clone(),
        None => {
            tracing::warn!(key, "missing dashboard label");
            key.to_string()
        }
    }
}

pub fn keys_with_prefix(prefixes: &[&str]) -> Vec<String> {
    EN.keys()
        .filter(|k| prefixes.iter().any(|p| k.starts_with(p)))
        .cloned()
        .collect()
}

pub fn has(key: &str) -> bool {
    EN.contains_key(key)
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

/// `22 Nov 2026` in either language (the inbox's day separators), in the given zone.
pub fn date(lang: Lang, tz: Tz, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&tz);
    let months = match lang {
        Lang::En => MONTHS_EN,
        Lang::Id => MONTHS_ID,
    };
    format!(
        "{} {} {}",
        local.day(),
        months[local.month0() as usize],
        local.year()
    )
}

/// `22 Nov 2026, 14:05` in English, `22 Nov 2026 14.05` in Indonesian, in the given zone.
pub fn datetime(lang: Lang, tz: Tz, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&tz);
    let m = local.month0() as usize;
    match lang {
        Lang::En => format!(
            "{} {} {}, {:02}:{:02}",
            local.day(),
            MONTHS_EN[m],
            local.year(),
            local.hour(),
            local.minute()
        ),
        Lang::Id => format!(
            "{} {} {} {:02}.{:02}",
            local.day(),
            MONTHS_ID[m],
            local.year(),
            local.hour(),
            local.minute()
        ),
    }
}

/// Thousands grouped with `,` in English and `.` in Indonesian.
pub fn number(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::En => ',',
        Lang::Id => '.',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn both_catalogues_have_the_same_keys_and_no_empty_values() {
        let mut en: Vec<_> = EN.keys().collect();
        let mut id: Vec<_> = ID.keys().collect();
        en.sort();
        id.sort();
        assert_eq!(en, id, "en.toml and id.toml must have the same keys");
        assert!(
            en.len() > 100,
            "the catalogue looks truncated: {}",
            en.len()
        );
        for (lang, table) in [("en", &*EN), ("id", &*ID)] {
            for (k, v) in table.iter() {
                assert!(!v.trim().is_empty(), "{lang}: {k} is empty");
            }
        }
    }

    #[test]
    fn dates_and_numbers_follow_language_and_zone() {
        let at = Utc.with_ymd_and_hms(2026, 8, 17, 3, 5, 0).unwrap();
        let jakarta: Tz = "Asia/Jakarta".parse().unwrap();
        assert_eq!(datetime(Lang::En, Tz::UTC, at), "17 Aug 2026, 03:05");
        assert_eq!(datetime(Lang::Id, jakarta, at), "17 Agu 2026 10.05");
        assert_eq!(number(Lang::En, 1234567), "1,234,567");
        assert_eq!(number(Lang::Id, -1234), "-1.234");
        assert_eq!(number(Lang::Id, 12), "12");
        assert_eq!(Lang::from_accept("id-ID,id;q=0.9,en;q=0.8"), Lang::Id);
        assert_eq!(Lang::from_accept("en-US"), Lang::En);
    }
}
