//! The OpenAPI document: one generator for `/api/openapi.json` and `gerbang openapi`, every
//! `$ref` defined, one operation per job action, simulator operations marked.

use serde_json::Value;

use crate::harness::{Backend, TestApp};
use crate::process::{gerbang, run, TempDir};

fn printed(env: &[(&str, &str)]) -> Value {
    let dir = TempDir::new();
    let (code, out, err) = run(gerbang(&dir.0).envs(env.iter().copied()).arg("openapi"));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("gerbang openapi prints JSON")
}

/// Every `"$ref": "#/components/schemas/X"` names a schema the document defines.
fn undefined_refs(doc: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.clone());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut refs = Vec::new();
    walk(doc, &mut refs);
    refs.sort();
    refs.dedup();
    refs.into_iter()
        .filter(|r| {
            let name = r.trim_start_matches("#/components/schemas/");
            doc["components"]["schemas"].get(name).is_none()
        })
        .collect()
}

fn operations(doc: &Value) -> impl Iterator<Item = (&String, &String, &Value)> {
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .iter()
                .map(move |(method, op)| (path, method, op))
        })
}

#[tokio::test]
async fn the_printed_document_is_the_served_one() {
    for (engine, with_sim) in [("sim", true), ("whatsapp", false)] {
        let app = TestApp::spawn_with(Backend::Sqlite, |c| c.engine = engine.into()).await;
        let served = app.get("/api/openapi.json", None).await.body;
        let printed = printed(&[("GERBANG_ENGINE", engine)]);
        assert_eq!(served, printed, "engine {engine}: one document");
        assert_eq!(
            undefined_refs(&served),
            Vec::<String>::new(),
            "every $ref is defined"
        );
        let sim_paths = operations(&served)
            .filter(|(p, _, _)| p.starts_with("/api/sim/"))
            .count();
        assert_eq!(sim_paths > 0, with_sim, "engine {engine}");
        for (path, method, op) in operations(&served) {
            let marked = op.get("x-simulator") == Some(&Value::Bool(true));
            assert_eq!(
                marked,
                path.starts_with("/api/sim/"),
                "{method} {path}: simulator operations, and only they, are marked"
            );
        }
    }
    // The default configuration has no simulator.
    let default = printed(&[]);
    assert!(operations(&default).all(|(p, _, _)| !p.starts_with("/api/sim/")));
}

#[tokio::test]
async fn job_actions_are_four_operations() {
    let doc = printed(&[]);
    for prefix in ["/api/whatsapp-multi-device/jobs", "/api/admin/jobs"] {
        for action in ["pause", "resume", "cancel", "retry"] {
            let path = format!("{prefix}/{{jobId}}/{action}");
            assert!(
                doc["paths"][&path]["post"].is_object(),
                "{path} is an operation"
            );
        }
        assert!(doc["paths"][format!("{prefix}/{{jobId}}/{{action}}")].is_null());
    }
}

#[tokio::test]
async fn operation_ids_are_unique() {
    let doc = printed(&[("GERBANG_ENGINE", "sim")]);
    let mut seen = std::collections::HashMap::new();
    for (path, method, op) in operations(&doc) {
        let id = op["operationId"]
            .as_str()
            .expect("every operation has an id");
        if let Some(other) = seen.insert(id.to_string(), format!("{method} {path}")) {
            panic!("operationId {id} is used by {other} and {method} {path}");
        }
    }
    // The seeds' routes reuse handler names; theirs are named after method and path.
    assert_eq!(
        doc["paths"]["/api/send-message"]["post"]["operationId"],
        "post_api_send_message"
    );
}
