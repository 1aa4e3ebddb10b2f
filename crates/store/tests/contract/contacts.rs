//! The address book (contacts, tags, categories, imports that merge), the people a device has
//! talked to, and message templates.

use std::collections::BTreeMap;

use gerbang_core::contact::{ContactDraft, ContactFilter, ContactPatch, ImportCounts};
use gerbang_core::message::NewMessage;
use gerbang_core::{PageRequest, StoreError};

use crate::contract_tests;
use crate::support::{text, TestStore};

contract_tests!(
    contacts_are_kept_per_user_with_tags_and_categories,
    an_import_merges_known_numbers_and_creates_the_rest,
    a_devices_contacts_come_from_its_messages,
    templates_are_named_once_per_user,
    a_large_import_is_written_and_read_back_in_chunks,
    contacts_and_categories_are_listed_page_by_page,
    a_devices_contacts_are_found_by_number_and_paged,
);

fn draft(name: &str, phone: &str, tags: &[&str], categories: &[i64]) -> ContactDraft {
    ContactDraft {
        name: name.into(),
        phone: phone.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        category_ids: categories.to_vec(),
        fields: BTreeMap::from([("kota".to_string(), "Bandung".to_string())]),
        notes: Some("pelanggan lama".into()),
    }
}

async fn contacts_are_kept_per_user_with_tags_and_categories(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    let vip = s
        .store
        .create_category(ani.id, "VIP", Some("belanja banyak"))
        .await
        .unwrap();
    assert!(
        s.store.create_category(ani.id, "VIP", None).await.is_err(),
        "a name once per user"
    );
    assert_eq!(
        s.store
            .category_by_name(ani.id, "vip")
            .await
            .unwrap()
            .unwrap()
            .id,
        vip.id
    );
    assert!(s
        .store
        .category_by_name(budi.id, "VIP")
        .await
        .unwrap()
        .is_none());

    let sari = s
        .store
        .create_contact(
            ani.id,
            &draft("Sari", "6281100000001", &["reseller"], &[vip.id]),
        )
        .await
        .unwrap();
    assert_eq!(
        sari.categories
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["VIP"]
    );
    assert_eq!(sari.fields.get("kota").map(String::as_str), Some("Bandung"));
    s.store
        .create_contact(
            ani.id,
            &draft("Tono", "6281100000002", &["reseller", "jakarta"], &[]),
        )
        .await
        .unwrap();
    assert!(matches!(
        s.store
            .create_contact(ani.id, &draft("Lagi", "6281100000001", &[], &[]))
            .await,
        Err(StoreError::Conflict("phone"))
    ));
    s.store
        .create_contact(budi.id, &draft("Sari", "6281100000001", &[], &[]))
        .await
        .unwrap();

    let mine = ContactFilter {
        owner: Some(ani.id),
        ..ContactFilter::default()
    };
    assert_eq!(s.store.list_contacts(&mine).await.unwrap().total, 2);
    let tagged = ContactFilter {
        tag: Some("jakarta".into()),
        ..mine.clone()
    };
    assert_eq!(
        s.store.list_contacts(&tagged).await.unwrap().items[0].name,
        "Tono"
    );
    let in_vip = ContactFilter {
        category_id: Some(vip.id),
        ..mine.clone()
    };
    assert_eq!(
        s.store.list_contacts(&in_vip).await.unwrap().items[0].id,
        sari.id
    );
    let by_number = ContactFilter {
        search: Some("0811-0000-0002".into()),
        ..mine.clone()
    };
    assert_eq!(s.store.list_contacts(&by_number).await.unwrap().total, 1);
    let one_page = ContactFilter {
        page: PageRequest::new(1, 1),
        ..mine.clone()
    };
    assert_eq!(
        s.store.all_contacts(&one_page).await.unwrap().len(),
        2,
        "every match, not a page"
    );
    assert_eq!(
        s.store
            .category(vip.id)
            .await
            .unwrap()
            .unwrap()
            .contact_count,
        1
    );

    let counts = s.store.tag_counts(Some(ani.id)).await.unwrap();
    let reseller = counts.iter().find(|t| t.tag == "reseller").unwrap();
    assert_eq!(reseller.count, 2);
    s.store
        .retag_contact(sari.id, &["grosir".into()], &["reseller".into()])
        .await
        .unwrap();
    let tags = s.store.contact(sari.id).await.unwrap().unwrap().tags;
    assert_eq!(tags, ["grosir"]);

    let patch = ContactPatch {
        name: Some("Sari Dewi".into()),
        notes: Some(None),
        category_ids: Some(vec![]),
        ..ContactPatch::default()
    };
    let changed = s
        .store
        .update_contact(sari.id, &patch)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (changed.name.as_str(), changed.notes.clone()),
        ("Sari Dewi", None)
    );
    assert!(changed.categories.is_empty());
    assert_eq!(changed.phone, "6281100000001", "untouched");
    assert!(s
        .store
        .update_contact(9_999, &patch)
        .await
        .unwrap()
        .is_none());

    let renamed = s
        .store
        .update_category(vip.id, Some("Pelanggan VIP"), Some(None))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.description),
        ("Pelanggan VIP", None)
    );
    let listed = s
        .store
        .list_categories(Some(ani.id), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 1);
    assert!(s.store.delete_category(vip.id).await.unwrap());
    assert!(!s.store.delete_category(vip.id).await.unwrap());
    assert!(s.store.delete_contact(sari.id).await.unwrap());
    assert!(s.store.contact(sari.id).await.unwrap().is_none());
}

async fn an_import_merges_known_numbers_and_creates_the_rest(s: &TestStore) {
    let ani = s.user("ani").await;
    let grosir = s
        .store
        .create_category(ani.id, "Grosir", None)
        .await
        .unwrap();
    s.store
        .create_contact(ani.id, &draft("Sari", "6281100000001", &["lama"], &[]))
        .await
        .unwrap();
    let rows = vec![
        ContactDraft {
            notes: None,
            ..draft("", "6281100000001", &["baru"], &[grosir.id])
        },
        draft("Tono", "6281100000002", &[], &[]),
        draft("Umi", "6281100000003", &["baru"], &[grosir.id]),
    ];
    let counts = s.store.import_contacts(ani.id, rows).await.unwrap();
    assert_eq!(
        counts,
        ImportCounts {
            created: 2,
            updated: 1
        }
    );
    let mine = ContactFilter {
        owner: Some(ani.id),
        search: Some("6281100000001".into()),
        ..ContactFilter::default()
    };
    let sari = s.store.list_contacts(&mine).await.unwrap().items.remove(0);
    assert_eq!(sari.name, "Sari", "an empty name keeps the old one");
    assert_eq!(sari.notes.as_deref(), Some("pelanggan lama"));
    let mut tags = sari.tags.clone();
    tags.sort();
    assert_eq!(tags, ["baru", "lama"], "tags add up");
    assert_eq!(sari.categories.len(), 1);
    assert_eq!(
        s.store
            .category(grosir.id)
            .await
            .unwrap()
            .unwrap()
            .contact_count,
        2
    );
}

async fn a_devices_contacts_come_from_its_messages(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    for (id, phone, name) in [
        ("M1", "6281100000001", "Sari"),
        ("M2", "6281100000001", "Sari"),
        ("M3", "6281100000002", "Tono"),
    ] {
        s.store
            .insert_message(&NewMessage {
                push_name: Some(name.into()),
                ..text(&a, id, phone, false, "halo")
            })
            .await
            .unwrap();
    }
    let people = s
        .store
        .device_contacts(&a, None, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(people.total, 2);
    assert_eq!(
        people.items[0].phone.as_deref(),
        Some("6281100000002"),
        "most recent first"
    );
    let sari = people
        .items
        .iter()
        .find(|p| p.push_name.as_deref() == Some("Sari"))
        .unwrap();
    assert_eq!(sari.message_count, 2);
    let found = s
        .store
        .device_contacts(&a, Some("tono"), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(
        s.store
            .device_contacts("other", None, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
}

async fn templates_are_named_once_per_user(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    let t = s
        .store
        .create_template(ani.id, "Promo", "Halo {{name}}, {diskon|potongan} 10%")
        .await
        .unwrap();
    assert!(matches!(
        s.store.create_template(ani.id, "Promo", "x").await,
        Err(StoreError::Conflict("name"))
    ));
    s.store
        .create_template(budi.id, "Promo", "punya budi")
        .await
        .unwrap();
    s.store
        .create_template(ani.id, "Terima kasih", "Terima kasih {{name}}")
        .await
        .unwrap();
    let mine = s
        .store
        .list_templates(Some(ani.id), None, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(mine.total, 2);
    let found = s
        .store
        .list_templates(Some(ani.id), Some("terima"), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(found.items[0].name, "Terima kasih");
    assert_eq!(
        s.store
            .list_templates(None, None, PageRequest::default())
            .await
            .unwrap()
            .total,
        3
    );
    let changed = s
        .store
        .update_template(t.id, None, Some("Halo {{name}}!"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (changed.name.as_str(), changed.body.as_str()),
        ("Promo", "Halo {{name}}!")
    );
    assert!(s
        .store
        .update_template(9_999, Some("x"), None)
        .await
        .unwrap()
        .is_none());
    assert!(s.store.delete_template(t.id).await.unwrap());
    assert!(s.store.template(t.id).await.unwrap().is_none());
}

async fn a_large_import_is_written_and_read_back_in_chunks(s: &TestStore) {
    // More rows than one multi-row statement holds (500), so the import and the reading of
    // tags and categories both span several chunks.
    let ani = s.user("ani").await;
    let grosir = s
        .store
        .create_category(ani.id, "Grosir", None)
        .await
        .unwrap();
    s.store
        .create_contact(ani.id, &draft("Lama", "6281200000700", &["lama"], &[]))
        .await
        .unwrap();
    let rows: Vec<ContactDraft> = (0..1_203)
        .map(|i| {
            let tags: &[&str] = if i % 2 == 0 { &["genap"] } else { &[] };
            draft(
                &format!("Kontak {i:04}"),
                &format!("62812{i:08}"),
                tags,
                &[grosir.id],
            )
        })
        .collect();
    let counts = s.store.import_contacts(ani.id, rows).await.unwrap();
    assert_eq!(
        counts,
        ImportCounts {
            created: 1_202,
            updated: 1
        }
    );
    let mine = ContactFilter {
        owner: Some(ani.id),
        ..ContactFilter::default()
    };
    let all = s.store.all_contacts(&mine).await.unwrap();
    assert_eq!(all.len(), 1_203);
    assert!(all.windows(2).all(|w| w[0].id < w[1].id), "in id order");
    let old = all.iter().find(|c| c.phone == "6281200000700").unwrap();
    assert_eq!(
        old.name, "Kontak 0700",
        "a name in the file replaces the old one"
    );
    let mut tags = old.tags.clone();
    tags.sort();
    assert_eq!(tags, ["genap", "lama"]);
    assert!(
        all.iter()
            .all(|c| c.categories.len() == 1 && c.categories[0].id == grosir.id),
        "every contact's category, past the first chunk too"
    );
    assert_eq!(
        all.iter()
            .filter(|c| c.tags.contains(&"genap".to_string()))
            .count(),
        602
    );
    let last = all.iter().find(|c| c.phone == "6281200001202").unwrap();
    assert_eq!(last.tags, ["genap"]);
    assert_eq!(
        s.store
            .category(grosir.id)
            .await
            .unwrap()
            .unwrap()
            .contact_count,
        1_203
    );
    let tagged = ContactFilter {
        tag: Some("genap".into()),
        ..mine.clone()
    };
    assert_eq!(s.store.list_contacts(&tagged).await.unwrap().total, 602);
}

async fn contacts_and_categories_are_listed_page_by_page(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    for (name, phone) in [
        ("dewi", "6281100000004"),
        ("Ani", "6281100000001"),
        ("Cici", "6281100000003"),
        ("budi", "6281100000002"),
        ("Eko", "6281100000005"),
    ] {
        s.store
            .create_contact(ani.id, &draft(name, phone, &[name], &[]))
            .await
            .unwrap();
    }
    s.store
        .create_contact(budi.id, &draft("Zaki", "6281100000009", &[], &[]))
        .await
        .unwrap();
    let page = |n| ContactFilter {
        owner: Some(ani.id),
        page: PageRequest::new(n, 2),
        ..ContactFilter::default()
    };
    let names = |p: &gerbang_core::Page<gerbang_core::contact::Contact>| {
        p.items.iter().map(|c| c.name.clone()).collect::<Vec<_>>()
    };
    let first = s.store.list_contacts(&page(1)).await.unwrap();
    assert_eq!((first.total, first.total_pages), (5, 3));
    assert_eq!(names(&first), ["Ani", "budi"], "by name, whatever the case");
    assert_eq!(first.items[1].tags, ["budi"], "each with its tags");
    assert_eq!(
        names(&s.store.list_contacts(&page(2)).await.unwrap()),
        ["Cici", "dewi"]
    );
    assert_eq!(
        names(&s.store.list_contacts(&page(3)).await.unwrap()),
        ["Eko"]
    );
    assert!(s
        .store
        .list_contacts(&page(4))
        .await
        .unwrap()
        .items
        .is_empty());
    let everyone = ContactFilter::default();
    assert_eq!(s.store.list_contacts(&everyone).await.unwrap().total, 6);
    let by_name = ContactFilter {
        search: Some("EK".into()),
        ..ContactFilter::default()
    };
    assert_eq!(
        names(&s.store.list_contacts(&by_name).await.unwrap()),
        ["Eko"]
    );

    for name in ["Reseller", "agen", "Distributor"] {
        s.store.create_category(ani.id, name, None).await.unwrap();
    }
    s.store
        .create_category(budi.id, "Keluarga", None)
        .await
        .unwrap();
    let first = s
        .store
        .list_categories(Some(ani.id), PageRequest::new(1, 2))
        .await
        .unwrap();
    assert_eq!((first.total, first.total_pages), (3, 2));
    assert_eq!(
        first
            .items
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["agen", "Distributor"]
    );
    let second = s
        .store
        .list_categories(Some(ani.id), PageRequest::new(2, 2))
        .await
        .unwrap();
    assert_eq!(second.items[0].name, "Reseller");
    let all = s
        .store
        .list_categories(None, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(all.total, 4, "every user's, for admins");
    assert_eq!(all.items[2].name, "Keluarga");

    let agen = &first.items[0];
    let kept = s
        .store
        .update_category(agen.id, None, Some(Some("luar kota")))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (kept.name.as_str(), kept.description.as_deref()),
        ("agen", Some("luar kota"))
    );
    assert!(s
        .store
        .update_category(9_999, Some("x"), None)
        .await
        .unwrap()
        .is_none());
    assert!(s.store.category(9_999).await.unwrap().is_none());
}

async fn a_devices_contacts_are_found_by_number_and_paged(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    for (i, phone) in ["6281100000001", "6281100000002", "6281300000003"]
        .iter()
        .enumerate()
    {
        s.store
            .insert_message(&text(&a, &format!("M{i}"), phone, false, "halo"))
            .await
            .unwrap();
    }
    let by_number = s
        .store
        .device_contacts(&a, Some("0811-0000"), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(by_number.total, 2, "a local number matches as 62…");
    let first = s
        .store
        .device_contacts(&a, None, PageRequest::new(1, 2))
        .await
        .unwrap();
    assert_eq!((first.total, first.total_pages), (3, 2));
    assert_eq!(first.items[0].phone.as_deref(), Some("6281300000003"));
    let second = s
        .store
        .device_contacts(&a, None, PageRequest::new(2, 2))
        .await
        .unwrap();
    assert_eq!(
        second
            .items
            .iter()
            .map(|p| p.phone.as_deref())
            .collect::<Vec<_>>(),
        [Some("6281100000001")]
    );
}
