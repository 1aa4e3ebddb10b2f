//! Saved contacts, categories, tags, CSV import and export, and a device's WhatsApp contacts.

use std::fmt::Write as _;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

const API: &str = "/api/whatsapp-multi-device";

db_tests!(
    contacts_crud_search_tags_and_categories,
    bad_contact_input_names_the_field_and_changes_nothing,
    a_50000_row_csv_imports_with_an_exact_report,
    csv_upload_with_mapping_categories_and_export,
    device_contacts_are_the_people_it_talked_to,
);

fn names(r: &Value) -> Vec<String> {
    r["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

async fn contacts_crud_search_tags_and_categories(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let budi = app.user("budi").await;
    let tok = Some(sari.token.as_str());

    let cat = app
        .post(
            &format!("{API}/contact-categories"),
            tok,
            json!({"name": "Pelanggan", "description": "Yang sudah beli"}),
        )
        .await;
    assert_eq!(cat.status, StatusCode::CREATED, "{}", cat.body);
    let cat_id = cat.data()["id"].as_i64().unwrap();
    let dup = app
        .post(
            &format!("{API}/contact-categories"),
            tok,
            json!({"name": "pelanggan"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT, "{}", dup.body);
    assert!(dup.field("name").is_some(), "{}", dup.body);

    let c = app
        .post(
            &format!("{API}/contacts"),
            tok,
            json!({
            "name": "Bu Ani", "phone": "0812-1111-0001", "tags": ["VIP", " baru "],
            "categoryIds": [cat_id], "fields": {"kota": "Bandung"}, "notes": "langganan"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    let ani = c.data()["id"].as_i64().unwrap();
    assert_eq!(c.data()["phone"], "6281211110001");
    assert_eq!(c.data()["tags"], json!(["baru", "vip"]));
    assert_eq!(c.data()["categories"][0]["name"], "Pelanggan");
    assert_eq!(c.data()["fields"]["kota"], "Bandung");
    let again = app
        .post(
            &format!("{API}/contacts"),
            tok,
            json!({"name": "Ani lagi", "phone": "+62 812 1111 0001"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.field("phone").is_some(), "{}", again.body);
    for i in 2..=25 {
        let r = app
            .post(&format!("{API}/contacts"), tok, json!({"name": format!("Kontak {i:02}"), "phone": format!("0813{i:08}"), "tags": ["massal"]}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    // Someone else's book is separate: the same number is fine there.
    let theirs = app
        .post(
            &format!("{API}/contacts"),
            Some(&budi.token),
            json!({"name": "Ani (Budi)", "phone": "081211110001"}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);

    let page = app
        .get(&format!("{API}/contacts?perPage=10&page=3"), tok)
        .await;
    assert_eq!(page.data()["total"], 25);
    assert_eq!(page.data()["totalPages"], 3);
    assert_eq!(
        names(&page.body),
        [
            "Kontak 21",
            "Kontak 22",
            "Kontak 23",
            "Kontak 24",
            "Kontak 25"
        ]
    );
    let by_name = app.get(&format!("{API}/contacts?search=ani"), tok).await;
    assert_eq!(names(&by_name.body), ["Bu Ani"]);
    let by_local_number = app
        .get(&format!("{API}/contacts?search=0812-1111"), tok)
        .await;
    assert_eq!(names(&by_local_number.body), ["Bu Ani"]);
    let by_tag = app.get(&format!("{API}/contacts?tag=VIP"), tok).await;
    assert_eq!(names(&by_tag.body), ["Bu Ani"]);
    let by_cat = app
        .get(&format!("{API}/contacts?categoryId={cat_id}"), tok)
        .await;
    assert_eq!(names(&by_cat.body), ["Bu Ani"]);
    let in_cat = app
        .get(&format!("{API}/contact-categories/{cat_id}/contacts"), tok)
        .await;
    assert_eq!(names(&in_cat.body), ["Bu Ani"]);
    let cats = app.get(&format!("{API}/contact-categories"), tok).await;
    assert_eq!(cats.data()["items"][0]["contactCount"], 1);

    // Tags: add, list with counts, remove.
    let r = app
        .post(
            &format!("{API}/contacts/{ani}/tags"),
            tok,
            json!({"tags": ["Promo", "vip"]}),
        )
        .await;
    assert_eq!(
        r.data()["tags"],
        json!(["baru", "promo", "vip"]),
        "{}",
        r.body
    );
    let r = app
        .delete(&format!("{API}/contacts/{ani}/tags/baru"), tok)
        .await;
    assert_eq!(r.data()["tags"], json!(["promo", "vip"]), "{}", r.body);
    let r = app
        .delete(&format!("{API}/contacts/{ani}/tags/baru"), tok)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let tags = app.get(&format!("{API}/tags"), tok).await;
    assert_eq!(
        tags.data(),
        &json!([{"tag": "massal", "count": 24}, {"tag": "promo", "count": 1}, {"tag": "vip", "count": 1}])
    );
    let r = app
        .put(
            &format!("{API}/contacts/{ani}/tags"),
            tok,
            json!({"tags": ["satu"]}),
        )
        .await;
    assert_eq!(r.data()["tags"], json!(["satu"]), "{}", r.body);

    // Update: only what is given changes.
    let r = app
        .put(
            &format!("{API}/contacts/{ani}"),
            tok,
            json!({"name": "Ibu Ani", "fields": {"kota": "Bogor", "umur": "40"}, "notes": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["name"], "Ibu Ani");
    assert_eq!(r.data()["phone"], "6281211110001");
    assert_eq!(r.data()["fields"], json!({"kota": "Bogor", "umur": "40"}));
    assert_eq!(r.data()["notes"], Value::Null);
    assert_eq!(r.data()["tags"], json!(["satu"]));

    // Owners only; admins see everyone's, or one user's.
    assert_eq!(
        app.get(&format!("{API}/contacts/{ani}"), Some(&budi.token))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(
            &format!("{API}/contacts?userId={}", sari.id),
            Some(&budi.token)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("{API}/contacts"), Some(&budi.token))
            .await
            .data()["total"],
        1
    );
    assert_eq!(
        app.get(&format!("{API}/contacts"), app.admin())
            .await
            .data()["total"],
        26
    );
    assert_eq!(
        app.get(&format!("{API}/contacts?userId={}", budi.id), app.admin())
            .await
            .data()["total"],
        1
    );
    let everyone = app.get("/api/admin/contacts?search=ani", app.admin()).await;
    assert_eq!(everyone.data()["total"], 2, "{}", everyone.body);
    assert_eq!(
        app.get(
            &format!("{API}/contact-categories/{cat_id}"),
            Some(&budi.token)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    // Deleting a category keeps its contacts.
    let r = app
        .delete(&format!("{API}/contact-categories/{cat_id}"), tok)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.get(&format!("{API}/contacts/{ani}"), tok).await;
    assert_eq!(r.data()["categories"], json!([]));
    assert_eq!(
        app.delete(&format!("{API}/contacts/{ani}"), tok)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("{API}/contacts/{ani}"), tok).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn bad_contact_input_names_the_field_and_changes_nothing(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let budi = app.user("budi").await;
    let tok = Some(sari.token.as_str());
    let theirs = app
        .post(
            &format!("{API}/contact-categories"),
            Some(&budi.token),
            json!({"name": "Milik Budi"}),
        )
        .await;
    let their_cat = theirs.data()["id"].as_i64().unwrap();
    let r = app
        .post(
            &format!("{API}/contacts"),
            tok,
            json!({
            "name": "x".repeat(101), "phone": "12ab", "tags": ["ok", "a,b"],
            "fields": {"name": "x", "kota": "y"}, "categoryIds": [their_cat]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    for f in ["name", "phone", "tags[1]", "fields.name", "categoryIds[0]"] {
        assert!(r.field(f).is_some(), "{f}: {}", r.body);
    }
    let r = app
        .post(
            &format!("{API}/contacts"),
            tok,
            json!({"phone": "0812", "fields": {"umur": 40}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("fields.umur").is_some(), "{}", r.body);
    let r = app.get(&format!("{API}/contacts?tag=a,b"), tok).await;
    assert!(r.field("tag").is_some(), "{}", r.body);
    let r = app.get(&format!("{API}/contacts/abc"), tok).await;
    assert!(r.field("contactId").is_some(), "{}", r.body);
    let r = app
        .post(
            &format!("{API}/contact-categories"),
            tok,
            json!({"name": "  "}),
        )
        .await;
    assert!(r.field("name").is_some(), "{}", r.body);
    assert_eq!(
        app.get(&format!("{API}/contacts"), tok).await.data()["total"],
        0
    );
    assert_eq!(
        app.get(&format!("{API}/contact-categories"), tok)
            .await
            .data()["total"],
        0
    );
}

/// Row `i` (1-based data row; the spreadsheet's row `i + 1`) of the generated file.
fn big_row(i: usize, out: &mut String) {
    let phone = match i {
        _ if i.is_multiple_of(5000) => "12ab".to_string(),
        777 | 17_777 => String::new(),
        41_234 => "0812-0000-0002".to_string(),
        _ => format!("0812{i:08}"),
    };
    let name = if i == 33_333 {
        "n".repeat(101)
    } else {
        format!("Pelanggan {i}")
    };
    let tags = if i == 44_444 {
        "ok;bad,tag?|x,y".replace('?', "\u{7}")
    } else {
        format!("impor;t{}", i % 3)
    };
    writeln!(out, "{name},{phone},\"{tags}\",Kota {}", i % 10).unwrap();
}

async fn a_50000_row_csv_imports_with_an_exact_report(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    // Already saved: the import adds to it, the file winning.
    let r = app
        .post(&format!("{API}/contacts"), tok, json!({"name": "Lama", "phone": "081200000003", "tags": ["lama"], "fields": {"hobi": "catur"}}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let mut csv = String::from("Nama,Nomor HP,Tags,Kota\n");
    for i in 1..=50_000 {
        big_row(i, &mut csv);
    }
    let started = std::time::Instant::now();
    let res = app
        .client
        .post(format!("{}{API}/contacts/import?tags=Promo", app.base))
        .bearer_auth(&sari.token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    eprintln!("imported 50,000 rows on {b:?} in {:?}", started.elapsed());
    let report = &report["data"];
    let mut expected = Vec::new();
    for i in 1..=50_000usize {
        let row = i + 1;
        if i.is_multiple_of(5000) {
            expected.push(json!({"row": row, "column": "Nomor HP", "code": "invalid_phone"}));
        } else if i == 777 || i == 17_777 {
            expected.push(json!({"row": row, "column": "Nomor HP", "code": "missing_phone"}));
        } else if i == 33_333 {
            expected.push(json!({"row": row, "column": "Nama", "code": "invalid_name"}));
        } else if i == 44_444 {
            expected.push(json!({"row": row, "column": "Tags", "code": "invalid_tag"}));
        }
    }
    let got: Vec<Value> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!({"row": e["row"], "column": e["column"], "code": e["code"]}))
        .collect();
    assert_eq!(got, expected);
    assert!(
        report["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("12ab"),
        "{}",
        report["errors"][1]
    );
    // 14 rejected, row 41,234 merged into row 2, row 3 updates the saved contact.
    assert_eq!(
        (
            &report["rows"],
            &report["rejected"],
            &report["merged"],
            &report["updated"],
            &report["created"]
        ),
        (
            &json!(50_000),
            &json!(14),
            &json!(1),
            &json!(1),
            &json!(49_984)
        ),
        "{}",
        json!({"rows": report["rows"], "mapping": report["mapping"]})
    );
    assert_eq!(report["mapping"]["phone"], "Nomor HP");
    assert_eq!(report["mapping"]["name"], "Nama");
    assert_eq!(report["mapping"]["fields"], json!(["Kota"]));

    let all = app.get(&format!("{API}/contacts?perPage=1"), tok).await;
    assert_eq!(all.data()["total"], 49_985);
    let merged = app
        .get(&format!("{API}/contacts?search=081200000002"), tok)
        .await;
    let m = &merged.data()["items"][0];
    assert_eq!(m["name"], "Pelanggan 41234", "the later row wins");
    assert_eq!(m["tags"], json!(["impor", "promo", "t2"]));
    let updated = app
        .get(&format!("{API}/contacts?search=081200000003"), tok)
        .await;
    let u = &updated.data()["items"][0];
    assert_eq!(u["name"], "Pelanggan 3");
    assert_eq!(u["tags"], json!(["impor", "lama", "promo", "t0"]));
    assert_eq!(u["fields"], json!({"hobi": "catur", "kota": "Kota 3"}));
    let t0 = app
        .get(&format!("{API}/contacts?tag=t0&perPage=1"), tok)
        .await;
    let expected_t0 = (1..=50_000usize)
        .filter(|i| {
            i.is_multiple_of(3)
                && !i.is_multiple_of(5000)
                && ![777, 17_777, 33_333, 44_444].contains(i)
        })
        .count();
    assert_eq!(t0.data()["total"], expected_t0 as i64);

    // Importing the same file again creates nothing.
    let mut csv = String::from("Nama,Nomor HP,Tags,Kota\n");
    for i in 1..=50_000 {
        big_row(i, &mut csv);
    }
    let again = app
        .client
        .post(format!("{}{API}/contacts/import?tags=Promo", app.base))
        .bearer_auth(&sari.token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        (&again["data"]["created"], &again["data"]["updated"]),
        (&json!(0), &json!(49_985))
    );
    assert_eq!(
        app.get(&format!("{API}/contacts?perPage=1"), tok)
            .await
            .data()["total"],
        49_985
    );
}

async fn csv_upload_with_mapping_categories_and_export(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    let csv = "Pelanggan;Telepon WA;Grup;Label;Catatan;Kota\n\
               Ani;+62 812-2222-0001;Reseller|VIP;a;suka diskon;Bogor\n\
               Budi;0812 2222 0002;reseller;b;;\n\
               Cici;08;;;;\n";
    let form = reqwest::multipart::Form::new()
        .text("nameColumn", "pelanggan")
        .text("phoneColumn", "Telepon WA")
        .text("categoryColumn", "grup")
        .text("tagsColumn", "label")
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("kontak.csv"),
        );
    let r: Value = app
        .client
        .post(format!("{}{API}/contacts/import", app.base))
        .bearer_auth(&sari.token)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let d = &r["data"];
    assert_eq!(
        (&d["created"], &d["rejected"]),
        (&json!(2), &json!(1)),
        "{r}"
    );
    assert_eq!(d["errors"][0]["row"], 4);
    assert_eq!(d["errors"][0]["code"], "invalid_phone");
    assert_eq!(d["mapping"]["notes"], "Catatan");
    let cats = app.get(&format!("{API}/contact-categories"), tok).await;
    let cat_names: Vec<_> = cats.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].clone(), c["contactCount"].clone()))
        .collect();
    assert_eq!(
        cat_names,
        [(json!("Reseller"), json!(2)), (json!("VIP"), json!(1))]
    );
    let vip = cats.data()["items"][1]["id"].as_i64().unwrap();

    // A named column that is not there, and a body that is not CSV.
    let r = app
        .client
        .post(format!(
            "{}{API}/contacts/import?phoneColumn=nomor",
            app.base
        ))
        .bearer_auth(&sari.token)
        .header("content-type", "text/csv")
        .body("nama,hp\nA,0812\n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert!(body["error"]["fields"]["phoneColumn"].is_string(), "{body}");

    // Export: CSV (readable by the import) and JSON, filtered.
    let res = app
        .client
        .get(format!(
            "{}{API}/contacts/export?categoryId={vip}",
            app.base
        ))
        .bearer_auth(&sari.token)
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = res.text().await.unwrap();
    assert_eq!(
        text,
        "name,phone,tags,categories,notes,kota\nAni,6281222220001,a,Reseller; VIP,suka diskon,Bogor\n"
    );
    let json_export = app
        .get(&format!("{API}/contacts/export?format=json&tag=b"), tok)
        .await;
    let items = json_export.data().as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "Budi");
    let r = app
        .get(&format!("{API}/contacts/export?format=xml"), tok)
        .await;
    assert!(r.field("format").is_some(), "{}", r.body);

    // The exported file imports back without changes.
    let res = app
        .client
        .post(format!("{}{API}/contacts/import", app.base))
        .bearer_auth(&sari.token)
        .header("content-type", "text/csv")
        .body(text)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        (
            &res["data"]["created"],
            &res["data"]["updated"],
            &res["data"]["rejected"]
        ),
        (&json!(0), &json!(1), &json!(0)),
        "{res}"
    );
    let ani = app.get(&format!("{API}/contacts?search=Ani"), tok).await;
    assert_eq!(
        ani.data()["items"][0]["categories"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

async fn device_contacts_are_the_people_it_talked_to(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("pemilik").await;
    let tok = Some(owner.token.as_str());
    let device = app.device(owner.id, "Toko").await;
    app.link(&device).await;
    let r = app
        .post(
            "/api/sim/accounts",
            tok,
            json!({"phone": "0812-7777-0001", "name": "Bu Sari"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for text in ["Halo", "Ada stok?"] {
        let r = app
            .post(
                &format!("/api/sim/devices/{device}/inbound"),
                tok,
                json!({"from": "081277770001", "text": text}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    wait_for(10, "the inbound messages", || async {
        let r = app
            .get(&format!("{API}/devices/{device}/contacts"), tok)
            .await;
        (r.data()["items"][0]["messageCount"] == 2).then_some(())
    })
    .await;
    let r = app
        .post(
            &format!("{API}/devices/{device}/send-message"),
            tok,
            json!({"phone": "081277770002", "message": "Promo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let list = wait_for(10, "both people", || async {
        let r = app
            .get(&format!("{API}/devices/{device}/contacts"), tok)
            .await;
        (r.data()["total"] == 2 && r.data()["items"][1]["messageCount"] == 2).then_some(r)
    })
    .await;
    let items = list.data()["items"].as_array().unwrap();
    assert_eq!(items[0]["phone"], "6281277770002");
    assert_eq!(items[0]["pushName"], Value::Null);
    assert_eq!(items[1]["jid"], "6281277770001@s.whatsapp.net");
    assert_eq!(items[1]["pushName"], "Bu Sari");
    let found = app
        .get(&format!("{API}/devices/{device}/contacts?search=sari"), tok)
        .await;
    assert_eq!(found.data()["total"], 1);
    let found = app
        .get(
            &format!("{API}/devices/{device}/contacts?search=0812-7777-0002"),
            tok,
        )
        .await;
    assert_eq!(found.data()["items"][0]["phone"], "6281277770002");
    // Saved contacts are separate.
    assert_eq!(
        app.get(&format!("{API}/contacts"), tok).await.data()["total"],
        0
    );
}
