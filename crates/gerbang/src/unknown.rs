//! Settings nobody reads: a misspelt TOML key or `GERBANG_*` variable is otherwise silently
//! ignored and the default used. Each gets a warning naming the closest known setting.

use std::path::Path;

use crate::config::{Config, SECRETS};

/// `GERBANG_*` variables that are not settings but are read elsewhere.
const OTHER_VARIABLES: [&str; 3] = ["config", "token", "api_key"];

/// Every setting's name, as in the TOML file (lower case).
pub fn known() -> Vec<String> {
    let mut known: Vec<String> = match serde_json::to_value(Config::default()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    // Unset secrets are left out of what a configuration writes, but are settings all the same.
    for secret in SECRETS {
        if !known.iter().any(|k| k == secret) {
            known.push(secret.to_string());
        }
    }
    known
}

/// The known name closest to `name`, when it is close enough to be what was meant.
fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.as_str())
}

/// `show` turns a setting's name into the way the user wrote it (a key, a variable).
fn notice(what: String, name: &str, known: &[String], show: fn(&str) -> String) -> String {
    match closest(name, known) {
        Some(k) => format!(
            "{what} is not a setting and is ignored; did you mean `{}`?",
            show(k)
        ),
        None => format!("{what} is not a setting and is ignored"),
    }
}

/// Top-level keys of the TOML file that are not settings.
pub fn in_file(path: &Path) -> Vec<String> {
    let known = known();
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    table
        .keys()
        .filter(|k| !known.contains(k))
        .map(|k| {
            let what = format!("`{k}` in {}", path.display());
            notice(what, k, &known, str::to_string)
        })
        .collect()
}

/// `GERBANG_*` variables that are not settings (test-suite variables aside).
pub fn in_environment(vars: impl Iterator<Item = (String, String)>) -> Vec<String> {
    let known = known();
    vars.filter_map(|(var, _)| {
        let name = var.strip_prefix("GERBANG_")?.to_ascii_lowercase();
        let secret_file = name
            .strip_suffix("_file")
            .is_some_and(|s| SECRETS.contains(&s));
        let fine = known.contains(&name)
            || secret_file
            || OTHER_VARIABLES.contains(&name.as_str())
            || name.starts_with("test_");
        let show = |k: &str| format!("GERBANG_{}", k.to_ascii_uppercase());
        (!fine).then(|| notice(format!("`{var}`"), &name, &known, show))
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(names: &[&str]) -> Vec<String> {
        in_environment(names.iter().map(|n| (n.to_string(), "1".to_string())))
    }

    #[test]
    fn misspelt_variables_name_the_closest_setting() {
        let found = vars(&[
            "GERBANG_PORT",
            "GERBANG_ADMIN_PASWORD",
            "GERBANG_JWT_SECRET_FILE",
            "GERBANG_TOKEN",
            "GERBANG_TEST_POSTGRES_URL",
            "GERBANG_XYZZY",
            "PATH",
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("`GERBANG_ADMIN_PASWORD`")
                && found[0].contains("did you mean `GERBANG_ADMIN_PASSWORD`?"),
            "{found:?}"
        );
        assert!(
            found[1].contains("`GERBANG_XYZZY` is not a setting") && !found[1].contains("mean"),
            "{found:?}"
        );
    }

    #[test]
    fn misspelt_file_keys_name_the_closest_setting() {
        let dir = std::env::temp_dir().join(format!("gerbang-unknown-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("gerbang.toml");
        std::fs::write(&path, "port = 5006\nrate_limit_per_minit = 10\n").unwrap();
        let found = in_file(&path);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("`rate_limit_per_minit`")
                && found[0].contains("did you mean `rate_limit_per_minute`?"),
            "{found:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
