//! Seed 001's route tables are Gerbang's API: every route in them answers at the seed's exact
//! method and path. The list is `seed001_routes.txt`, beside this file.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(every_seed_001_route_answers);

const ROUTES: &str = include_str!("seed001_routes.txt");
const DEV: &str = "/api/whatsapp-multi-device/devices";

struct SeedRoute {
    method: Method,
    path: &'static str,
    /// The issue adding it on another branch, if any.
    pending: Option<&'static str>,
}

fn seed_routes() -> Vec<SeedRoute> {
    ROUTES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (route, pending) = match l.split_once("# pending ") {
                Some((r, issue)) => (r.trim(), Some(issue.trim())),
                None => (l, None),
            };
            let (method, path) = route.split_once(' ').expect("METHOD /path");
            SeedRoute {
                method: method.parse().expect("an HTTP method"),
                path: path.trim(),
                pending,
            }
        })
        .collect()
}

/// Ids that exist, so a route answers about a real thing where it can.
struct Ids {
    device: String,
    job: String,
    scheduled: String,
    contact: String,
    template: String,
    user: String,
}

async fn ids(app: &TestApp, owner: i64, n: usize) -> Ids {
    let admin = app.admin();
    let device = app.device(owner, &format!("Seed {n}")).await;
    let job = app
        .post(
            &format!("{DEV}/{device}/jobs/send-text"),
            admin,
            json!({"recipients": ["081234567890"], "message": "Tes", "delaySecs": 3600}),
        )
        .await;
    assert_eq!(job.status, StatusCode::CREATED, "{}", job.body);
    let scheduled = app
        .post(
            &format!("{DEV}/{device}/schedule-message"),
            admin,
            json!({"phone": "081234567890", "message": "Nanti", "sendAt": "2099-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(scheduled.status, StatusCode::CREATED, "{}", scheduled.body);
    let contact = app
        .post(
            "/api/whatsapp-multi-device/contacts",
            admin,
            json!({"name": "Seed", "phone": format!("0857{n:08}")}),
        )
        .await;
    assert_eq!(contact.status, StatusCode::CREATED, "{}", contact.body);
    let template = app
        .post(
            "/api/whatsapp-multi-device/templates",
            admin,
            json!({"name": format!("Seed {n}"), "body": "Halo"}),
        )
        .await;
    assert_eq!(template.status, StatusCode::CREATED, "{}", template.body);
    let user = app
        .post(
            "/api/admin/users",
            admin,
            json!({"username": format!("seed{n}"), "email": format!("seed{n}@x.id"), "password": "password123"}),
        )
        .await;
    assert_eq!(user.status, StatusCode::CREATED, "{}", user.body);
    Ids {
        device,
        job: job.data()["jobId"].as_str().unwrap().to_string(),
        scheduled: scheduled.data()["id"].to_string(),
        contact: contact.data()["id"].to_string(),
        template: template.data()["id"].to_string(),
        user: user.data()["id"].to_string(),
    }
}

async fn every_seed_001_route_answers(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("pemilik").await;
    let routes = seed_routes();
    assert!(routes.len() >= 100, "the list holds seed 001's tables");

    let mut failures = Vec::new();
    for (n, route) in routes.iter().enumerate() {
        // Fresh ids for every route: some of them delete what they name.
        let ids = ids(&app, owner.id, n).await;
        let jid = "6281234567890@s.whatsapp.net";
        let path = route
            .path
            .replace(":deviceId", &ids.device)
            .replace(":jobId", &ids.job)
            .replace(":messageId", &ids.scheduled)
            .replace(":contactId", &ids.contact)
            .replace(":baseId", &ids.template)
            .replace(":userId", &ids.user)
            .replace(":groupId", "120363000000000001")
            .replace(":ruleId", "1")
            .replace(":jid", jid)
            .replace(":contactJid", jid)
            .replace(":participantJid", jid)
            .replace(":adminJid", jid);
        let r = if path == "/api/events" {
            app.open_stream(&path, app.admin()).await
        } else {
            let body = matches!(route.method, Method::POST | Method::PUT).then(|| json!({}));
            app.request(route.method.clone(), &path, app.admin(), body)
                .await
        };
        let missing = r.status == StatusCode::METHOD_NOT_ALLOWED
            || (r.status == StatusCode::NOT_FOUND && r.body["error"]["message"] == "no such route");
        let what = format!("{} {}", route.method, route.path);
        match route.pending {
            None if missing || r.status.is_server_error() => failures.push(format!(
                "{what}: {} {}",
                r.status.as_u16(),
                r.body
            )),
            Some(issue) if !missing => failures.push(format!(
                "{what} answers now ({}): remove its `# pending {issue}` mark in seed001_routes.txt",
                r.status.as_u16()
            )),
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} seed 001 routes:\n{}",
        failures.len(),
        routes.len(),
        failures.join("\n")
    );
}
