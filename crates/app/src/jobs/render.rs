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
