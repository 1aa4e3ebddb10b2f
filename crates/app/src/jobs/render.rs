//! Personalising a message: `{{variables}}` (with `{{name|default}}`) and spintax
//! (`{Halo|Hai|Selamat pagi}`, nestable), so no two messages of a job need be identical.

use rand::Rng;
use serde_json::{Map, Value};

/// Fills variables from `vars` (any key; `phone` is always there), then picks one option of
/// every spintax group. Unknown variables without a default become empty.
pub fn render(template: &str, vars: &Map<String, Value>, rng: &mut impl Rng) -> String {
    // Variables first, kept out of the spintax pass: a value may contain braces or bars.
    let mut values = Vec::new();
    let mut staged = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        staged.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + 2 + len];
        let (name, default) = inner.split_once('|').unwrap_or((inner, ""));
        let value = match vars.get(name.trim()) {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            _ => default.trim().to_string(),
        };
        staged.push('\u{0}');
        values.push(value);
        rest = &rest[start + 2 + len + 2..];
    }
    staged.push_str(rest);
    let spun = spin(&staged, rng);
    let mut values = values.into_iter();
    spun.chars()
        .map(|c| {
            if c == '\u{0}' {
                values.next().unwrap_or_default()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A `{{variable}}` a template uses, with its default when it has one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Variable {
    pub name: String,
    pub default: Option<String>,
}

/// The variables a template uses, each once, in order of first use.
pub fn variables(template: &str) -> Vec<Variable> {
    let mut found: Vec<Variable> = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        let inner = &rest[start + 2..start + 2 + len];
        let (name, default) = match inner.split_once('|') {
            Some((n, d)) => (n.trim(), Some(d.trim().to_string())),
            None => (inner.trim(), None),
        };
        if !name.is_empty() && !found.iter().any(|v| v.name == name) {
            found.push(Variable {
                name: name.to_string(),
                default,
            });
        }
        rest = &rest[start + 2 + len + 2..];
    }
    found
}

/// Why a template cannot be rendered as its author meant, if it cannot: a `{{` left open, or
/// a variable without a name.
pub fn check(template: &str) -> Result<(), String> {
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            return Err("a `{{` is not closed with `}}`".into());
        };
        let inner = &rest[start + 2..start + 2 + len];
        if inner.split('|').next().unwrap_or("").trim().is_empty() {
            return Err("`{{}}` needs a variable name, e.g. `{{name}}`".into());
        }
        rest = &rest[start + 2 + len + 2..];
    }
    Ok(())
}

/// Variables used without a value in `vars` and without a default.
pub fn missing(template: &str, vars: &Map<String, Value>) -> Vec<String> {
    variables(template)
        .into_iter()
        .filter(|v| v.default.is_none())
        .filter(|v| match vars.get(&v.name) {
            Some(Value::String(s)) => s.is_empty(),
            Some(Value::Null) | None => true,
            Some(_) => false,
        })
        .map(|v| v.name)
        .collect()
}

/// Resolves the innermost `{a|b}` groups first, until none are left.
fn spin(text: &str, rng: &mut impl Rng) -> String {
    let mut out = text.to_string();
    loop {
        let Some(close) = out.find('}') else {
            return out;
        };
        let Some(open) = out[..close].rfind('{') else {
            return out;
        };
        let options: Vec<&str> = out[open + 1..close].split('|').collect();
        let pick = options[rng.gen_range(0..options.len())].to_string();
        out.replace_range(open..=close, &pick);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;
    use serde_json::json;

    fn vars(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn variables_with_defaults() {
        let mut rng = StdRng::seed_from_u64(1);
        let v = vars(json!({"name": "Sari", "phone": "628123", "kota": ""}));
        assert_eq!(
            render("Halo {{name}} ({{phone}})", &v, &mut rng),
            "Halo Sari (628123)"
        );
        assert_eq!(
            render("Di {{kota|Jakarta}}, {{x}}!", &v, &mut rng),
            "Di Jakarta, !"
        );
        assert_eq!(render("{{name|Kak}}", &vars(json!({})), &mut rng), "Kak");
    }

    #[test]
    fn lists_checks_and_finds_missing_variables() {
        let t = "{Halo|Hai} {{ name | Kak }}, {{kota}} {{name}} {{kota}}";
        let names: Vec<_> = variables(t)
            .into_iter()
            .map(|v| (v.name, v.default))
            .collect();
        assert_eq!(
            names,
            [
                ("name".to_string(), Some("Kak".to_string())),
                ("kota".to_string(), None)
            ]
        );
        assert!(check(t).is_ok());
        assert!(check("Halo {{name").is_err());
        assert!(check("Halo {{|x}}").is_err());
        assert_eq!(missing(t, &vars(json!({"name": "Sari"}))), ["kota"]);
        assert!(missing(t, &vars(json!({"kota": "Bogor"}))).is_empty());
    }

    #[test]
    fn spintax_varies_and_nests() {
        let mut rng = StdRng::seed_from_u64(7);
        let v = vars(json!({"name": "{Budi|x}"}));
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let s = render("{Halo|Hai|Selamat {pagi|siang}} {{name}}", &v, &mut rng);
            assert!(s.ends_with(" {Budi|x}"), "variables are not spun: {s}");
            seen.insert(s);
        }
        assert_eq!(seen.len(), 4, "{seen:?}");
        assert_eq!(render("no braces", &v, &mut rng), "no braces");
        assert_eq!(render("unbalanced } {", &v, &mut rng), "unbalanced } {");
    }
}
