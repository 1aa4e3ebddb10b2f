//! The auto-reply bot: settings and rules through the API, then live answers to simulated
//! contacts (rules, welcome, hand-off by keyword and by an agent, loops with another bot,
//! out-of-hours), at most one reply per inbound message.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

const DEV: &str = "/api/whatsapp-multi-device/devices";

db_tests!(
    bot_settings_rules_reorder_and_dry_run,
    the_bot_answers_simulated_contacts_and_hands_off_to_people,
    the_bot_stops_talking_to_another_bot_and_minds_business_hours,
);

fn bot(device: &str, tail: &str) -> String {
    format!("{DEV}/{device}/bot/{tail}")
}

async fn bot_settings_rules_reorder_and_dry_run(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let budi = app.user("budi").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;

    let c = app.get(&bot(&device, "config"), tok).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    assert_eq!(c.data()["enabled"], false);
    assert_eq!(c.data()["timeZone"], "Asia/Jakarta");

    let bad = app
        .put(
            &bot(&device, "config"),
            tok,
            json!({"timeZone": "Mars/Base", "loopLimit": 0,
                   "businessHours": {"tue": [{"start": "17:00", "end": "09:00"}]},
                   "welcomeMessage": "Halo {{name"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    for f in [
        "timeZone",
        "loopLimit",
        "businessHours.tue",
        "welcomeMessage",
    ] {
        assert!(bad.field(f).is_some(), "{f}: {}", bad.body);
    }
    assert_eq!(
        app.get(&bot(&device, "config"), tok).await.data()["enabled"],
        false,
        "a refused change changes nothing"
    );
    let put = app
        .put(
            &bot(&device, "config"),
            tok,
            json!({"enabled": true, "welcomeMessage": "Selamat datang {{name|Kak}}",
                   "businessHours": {"mon": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]},
                   "holidays": ["2026-12-25"], "handoffKeywords": ["admin", "cs"]}),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(put.data()["businessHours"]["mon"][1]["start"], "13:00");
    let partial = app
        .put(&bot(&device, "config"), tok, json!({"cooldownSecs": 5}))
        .await;
    assert_eq!(
        partial.data()["welcomeMessage"],
        "Selamat datang {{name|Kak}}"
    );
    assert_eq!(partial.data()["cooldownSecs"], 5);
    let cleared = app
        .put(
            &bot(&device, "config"),
            tok,
            json!({"businessHours": null, "cooldownSecs": 0}),
        )
        .await;
    assert_eq!(cleared.data()["businessHours"], Value::Null);

    let rules = bot(&device, "rules");
    let r1 = app
        .post(&rules, tok, json!({"name": "Harga", "matchType": "contains", "keywords": ["harga", "price"], "reply": "{Halo|Hai} {{name|Kak}}, harga mulai Rp10.000"}))
        .await;
    assert_eq!(r1.status, StatusCode::CREATED, "{}", r1.body);
    let r2 = app
        .post(&rules, tok, json!({"name": "Pesanan", "matchType": "regex", "pattern": r"^order\s+#?\d{4,}$", "reply": "Pesanan {{message}} diproses"}))
        .await;
    assert_eq!(r2.status, StatusCode::CREATED, "{}", r2.body);
    let r3 = app
        .post(&rules, tok, json!({"name": "Sapa", "matchType": "exact", "keywords": ["halo"], "reply": "Halo juga"}))
        .await;
    let (id1, id2, id3) = (
        r1.data()["id"].as_i64().unwrap(),
        r2.data()["id"].as_i64().unwrap(),
        r3.data()["id"].as_i64().unwrap(),
    );
    assert_eq!(r1.data()["position"], 1);
    assert_eq!(r3.data()["position"], 3);

    let bad = app
        .post(
            &rules,
            tok,
            json!({"name": "", "matchType": "regex", "pattern": "(unclosed", "reply": ""}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    for f in ["name", "pattern", "reply"] {
        assert!(bad.field(f).is_some(), "{f}: {}", bad.body);
    }
    let huge = app
        .post(&rules, tok, json!({"name": "Besar", "matchType": "regex", "pattern": r"\w{500}\w{500}\w{500}", "reply": "x"}))
        .await;
    assert_eq!(huge.status, StatusCode::BAD_REQUEST, "{}", huge.body);
    assert!(
        huge.field("pattern").unwrap().contains("too large"),
        "{}",
        huge.body
    );
    let nokw = app
        .post(
            &rules,
            tok,
            json!({"name": "Kosong", "matchType": "startsWith", "reply": "x"}),
        )
        .await;
    assert!(nokw.field("keywords").is_some(), "{}", nokw.body);
    let badtype = app
        .post(
            &rules,
            tok,
            json!({"name": "X", "matchType": "fuzzy", "keywords": ["a"], "reply": "x"}),
        )
        .await;
    assert_eq!(badtype.status, StatusCode::BAD_REQUEST, "{}", badtype.body);
    assert_eq!(
        app.get(&rules, tok).await.data().as_array().unwrap().len(),
        3
    );

    let up = app
        .put(
            &format!("{rules}/{id3}"),
            tok,
            json!({"priority": 10, "reply": "Halo juga, {{name|Kak}}!"}),
        )
        .await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    assert_eq!(up.data()["priority"], 10);
    assert_eq!(up.data()["name"], "Sapa", "fields not given are kept");

    let reorder = format!("{rules}/reorder");
    let wrong = app
        .post(&reorder, tok, json!({"ruleIds": [id1, id2]}))
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.body);
    assert!(wrong.field("ruleIds").is_some());
    let ok = app
        .post(&reorder, tok, json!({"ruleIds": [id2, id3, id1]}))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let order: Vec<i64> = app
        .get(&rules, tok)
        .await
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![id2, id3, id1]);

    let test = |msg: &str| json!({"message": msg});
    let t = app
        .post(&bot(&device, "test"), tok, test("Berapa HARGA nya?"))
        .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    assert_eq!(t.data()["decision"]["action"], "rule");
    assert_eq!(t.data()["decision"]["ruleId"], id1);
    let text = t.data()["text"].as_str().unwrap();
    assert!(
        text.ends_with("Kak, harga mulai Rp10.000")
            && (text.starts_with("Halo") || text.starts_with("Hai")),
        "{text}"
    );
    let t = app
        .post(&bot(&device, "test"), tok, test("order #123456"))
        .await;
    assert_eq!(t.data()["decision"]["ruleId"], id2);
    assert_eq!(t.data()["text"], "Pesanan order #123456 diproses");
    let t = app
        .post(
            &bot(&device, "test"),
            tok,
            json!({"message": "halo", "from": "081277770001"}),
        )
        .await;
    assert_eq!(t.data()["decision"]["ruleId"], id3, "higher priority wins");
    assert_eq!(t.data()["text"], "Halo juga, 6281277770001!");
    let t = app
        .post(
            &bot(&device, "test"),
            tok,
            json!({"message": "hmm", "firstContact": true}),
        )
        .await;
    assert_eq!(t.data()["decision"]["action"], "welcome");
    let t = app
        .post(&bot(&device, "test"), tok, test("mau bicara dengan CS"))
        .await;
    assert_eq!(t.data()["decision"]["action"], "handoff");
    let t = app.post(&bot(&device, "test"), tok, test("hmm")).await;
    assert_eq!(
        t.data()["decision"],
        json!({"action": "skip", "reason": "no_match"})
    );
    let t = app
        .post(&bot(&device, "test"), tok, json!({"message": ""}))
        .await;
    assert_eq!(t.status, StatusCode::BAD_REQUEST);
    assert!(t.field("message").is_some());
    let logs = app.get(&bot(&device, "logs"), tok).await;
    assert_eq!(logs.data()["total"], 0, "a dry run records nothing");

    // Another user's device is off limits; a missing rule is 404.
    let other = Some(budi.token.as_str());
    assert_eq!(app.get(&rules, other).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.put(&bot(&device, "config"), other, json!({"enabled": false}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.delete(&format!("{rules}/999999"), tok).await.status,
        StatusCode::NOT_FOUND
    );
    let del = app.delete(&format!("{rules}/{id2}"), tok).await;
    assert_eq!(del.status, StatusCode::OK, "{}", del.body);
    assert_eq!(
        app.get(&format!("{rules}/{id2}"), tok).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&bot(&device, "logs?action=nonsense"), tok)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get(&bot(&device, "stats?days=0"), tok).await.status,
        StatusCode::BAD_REQUEST
    );
}

/// Texts the simulated network received from the device, sent to `to` (a phone number).
async fn received(app: &TestApp, device: &str, to: &str) -> Vec<String> {
    let r = app
        .get(&format!("/api/sim/devices/{device}/outbox"), app.admin())
        .await;
    r.data()
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["to"].as_str().unwrap_or("").starts_with(to))
        .filter_map(|d| d["text"].as_str().map(str::to_string))
        .collect()
}

async fn write(app: &TestApp, device: &str, from: &str, text: &str) -> String {
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": from, "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data()["messageId"].as_str().unwrap().to_string()
}

async fn wait_replies(app: &TestApp, device: &str, to: &str, n: usize) -> Vec<String> {
    wait_for(15, &format!("{n} replies to {to}"), || async {
        let got = received(app, device, to).await;
        (got.len() >= n).then_some(got)
    })
    .await
}

/// Waits until the bot decided on `inbound` and returns its log row.
async fn decision(app: &TestApp, device: &str, inbound: &str) -> Value {
    wait_for(15, &format!("a decision on {inbound}"), || async {
        let logs = app.get(&bot(device, "logs?perPage=100"), app.admin()).await;
        logs.data()["items"]
            .as_array()
            .and_then(|items| items.iter().find(|l| l["inboundId"] == inbound).cloned())
            .filter(|l| l["status"] != "claimed")
    })
    .await
}

async fn the_bot_answers_simulated_contacts_and_hands_off_to_people(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;
    app.link(&device).await;
    let put = app
        .put(&bot(&device, "config"), tok,
            json!({"enabled": true, "timeZone": "UTC", "welcomeMessage": "Selamat datang di Toko, {{name|Kak}}",
                   "handoffKeywords": ["admin"], "handoffMessage": "Sebentar, admin kami segera membalas"}))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let rule = app
        .post(&bot(&device, "rules"), tok, json!({"name": "Harga", "keywords": ["harga"], "reply": "Harga mulai Rp10.000 untuk {{phone}}"}))
        .await;
    let rule_id = rule.data()["id"].as_i64().unwrap();

    let ani = "6281311110001";
    app.post(
        "/api/sim/accounts",
        app.admin(),
        json!({"phone": ani, "name": "Ani"}),
    )
    .await;
    let first = write(&app, &device, ani, "selamat siang").await;
    let got = wait_replies(&app, &device, ani, 1).await;
    assert_eq!(got, vec!["Selamat datang di Toko, Ani"]);
    let d = decision(&app, &device, &first).await;
    assert_eq!(d["action"], "welcome");
    assert_eq!(d["status"], "sent");

    let asked = write(&app, &device, ani, "berapa harganya?").await;
    let got = wait_replies(&app, &device, ani, 2).await;
    assert_eq!(got[1], format!("Harga mulai Rp10.000 untuk {ani}"));
    let d = decision(&app, &device, &asked).await;
    assert_eq!(d["ruleId"], rule_id);
    // The reply is a normal stored outbound message of that chat.
    let reply_id = d["replyMessageId"].as_str().unwrap().to_string();
    let h = app
        .get(&format!("{DEV}/{device}/chat-history/{ani}"), tok)
        .await;
    assert!(
        h.data()["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["messageId"] == reply_id.as_str() && m["fromMe"] == true),
        "{}",
        h.body
    );

    // Hand-off by keyword: one hand-off message, then silence until resumed.
    let help = write(&app, &device, ani, "tolong panggil ADMIN").await;
    let got = wait_replies(&app, &device, ani, 3).await;
    assert_eq!(got[2], "Sebentar, admin kami segera membalas");
    assert_eq!(decision(&app, &device, &help).await["action"], "handoff");
    let quiet = write(&app, &device, ani, "harga?").await;
    let d = decision(&app, &device, &quiet).await;
    assert_eq!(
        (d["action"].as_str(), d["detail"].as_str()),
        (Some("skip"), Some("handoff"))
    );
    let hs = app.get(&bot(&device, "handoffs"), tok).await;
    assert_eq!(hs.data()[0]["contactJid"], format!("{ani}@s.whatsapp.net"));
    assert_eq!(hs.data()[0]["reason"], "keyword");
    let resume = app
        .post(
            &bot(&device, &format!("handoffs/{ani}/resume-bot")),
            tok,
            json!({}),
        )
        .await;
    assert_eq!(resume.status, StatusCode::OK, "{}", resume.body);
    let again = app
        .post(
            &bot(&device, &format!("handoffs/{ani}/resume-bot")),
            tok,
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);
    let back = write(&app, &device, ani, "harga?").await;
    assert_eq!(decision(&app, &device, &back).await["action"], "rule");
    assert_eq!(wait_replies(&app, &device, ani, 4).await.len(), 4);

    // An agent answering through the API pauses the bot for that contact.
    let sent = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            tok,
            json!({"phone": ani, "message": "Halo Bu Ani, saya Sari"}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let hs = app.get(&bot(&device, "handoffs"), tok).await;
    assert_eq!(hs.data()[0]["reason"], "agent", "{}", hs.body);
    let after = write(&app, &device, ani, "harga?").await;
    assert_eq!(decision(&app, &device, &after).await["detail"], "handoff");
    assert_eq!(
        received(&app, &device, ani).await.len(),
        5,
        "4 bot replies and the agent's"
    );

    // Statistics: hits per rule and decisions per day.
    let st = app.get(&bot(&device, "stats"), tok).await;
    assert_eq!(st.status, StatusCode::OK, "{}", st.body);
    assert_eq!(st.data()["rules"][0]["hits"], 2);
    let per_day = st.data()["perDay"].as_array().unwrap();
    let count = |a: &str| {
        per_day
            .iter()
            .filter(|d| d["action"] == a)
            .map(|d| d["count"].as_i64().unwrap())
            .sum::<i64>()
    };
    assert_eq!(
        (
            count("welcome"),
            count("rule"),
            count("handoff"),
            count("skip")
        ),
        (1, 2, 1, 2)
    );
    assert_eq!(st.data()["activeHandoffs"], 1);

    // Each inbound message has exactly one decision.
    let logs = app.get(&bot(&device, "logs?perPage=100"), tok).await;
    let items = logs.data()["items"].as_array().unwrap();
    let mut ids: Vec<&str> = items
        .iter()
        .map(|l| l["inboundId"].as_str().unwrap())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((n, ids.len()), (6, 6));
    let only_ani = app
        .get(
            &bot(&device, &format!("logs?contact={ani}&action=rule")),
            tok,
        )
        .await;
    assert_eq!(only_ani.data()["total"], 2, "{}", only_ani.body);
}

async fn the_bot_stops_talking_to_another_bot_and_minds_business_hours(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;
    app.link(&device).await;
    // Closed every day: only the out-of-hours message, once per cooldown, and rules that
    // answer at any hour.
    let put = app
        .put(&bot(&device, "config"), tok,
            json!({"enabled": true, "businessHours": {}, "outOfHoursMessage": "Kami tutup, buka besok",
                   "loopLimit": 3, "loopWindowSecs": 60}))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    app.post(&bot(&device, "rules"), tok, json!({"name": "Semua", "matchType": "regex", "pattern": "(?i)otomatis|harga", "reply": "Harga Rp10.000"}))
        .await;
    let budi = "6281322220002";
    app.post(
        "/api/sim/accounts",
        app.admin(),
        json!({"phone": budi, "name": "Budi"}),
    )
    .await;
    let m1 = write(&app, &device, budi, "halo").await;
    assert_eq!(decision(&app, &device, &m1).await["action"], "out_of_hours");
    let m2 = write(&app, &device, budi, "halo lagi").await;
    let d = decision(&app, &device, &m2).await;
    assert_eq!(
        (d["action"].as_str(), d["detail"].as_str()),
        (Some("skip"), Some("closed"))
    );
    let m3 = write(&app, &device, budi, "harga?").await;
    assert_eq!(decision(&app, &device, &m3).await["action"], "rule");
    let got = wait_replies(&app, &device, budi, 2).await;
    assert_eq!(got, vec!["Kami tutup, buka besok", "Harga Rp10.000"]);

    // Another bot that answers everything: after 3 replies in the window the bot stops and
    // hands the chat to a person instead of talking forever.
    let robot = "6281333330003";
    app.post(
        "/api/sim/accounts",
        app.admin(),
        json!({"phone": robot, "name": "Robot", "autoReply": "Pesan otomatis: terima kasih"}),
    )
    .await;
    write(&app, &device, robot, "harga").await;
    let h = wait_for(20, "the loop to be stopped", || async {
        let hs = app.get(&bot(&device, "handoffs"), tok).await;
        hs.data()
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["reason"] == "loop")
            .cloned()
    })
    .await;
    assert_eq!(h["contactJid"], format!("{robot}@s.whatsapp.net"));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let sent = received(&app, &device, robot).await;
    assert_eq!(sent.len(), 3, "{sent:?}");
    let loops = app.get(&bot(&device, "logs?action=loop"), tok).await;
    assert_eq!(loops.data()["total"], 1, "{}", loops.body);
}
