//! Leases and fencing (PostgreSQL only: SQLite is one node). Two stores on one database stand
//! for two nodes: once node B takes a device over, every write node A makes for it is refused,
//! whatever A still believes.

use std::time::Duration;

use gerbang_core::cluster::{device_lease, ClusterStore};
use gerbang_core::device::{DeviceState, DeviceStatus};
use gerbang_core::message::MessageStatus;
use gerbang_core::store::MessageStore;
use gerbang_core::Store;
use gerbang_core::StoreError;
use gerbang_store::PgStore;

use crate::support::{text, Backend, TestStore};

const TTL: Duration = Duration::from_millis(1500);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_holder_fences_the_old_one_out() {
    if crate::support::postgres_base_url().is_none() {
        eprintln!("skipped: set GERBANG_TEST_POSTGRES_URL to run the PostgreSQL tests");
        return;
    }
    let s = TestStore::open(Backend::Postgres).await;
    let ani = s.user("ani").await;
    let dev = s.device(&ani, "shop").await;
    let lease = device_lease(&dev);
    let store_a = s.store.clone();
    let pg_a = store_a.as_any().downcast_ref::<PgStore>().unwrap();
    let a = pg_a.cluster("node-a").unwrap();
    let pg_b = PgStore::connect(&s.url).await.unwrap();
    let b = pg_b.cluster("node-b").unwrap();
    a.join("http://127.0.0.1:1", "k").await.unwrap();
    b.join("http://127.0.0.1:2", "k").await.unwrap();
    assert_eq!(a.live_nodes(TTL).await.unwrap().len(), 2);

    // A holds the device: its writes pass, B cannot take it while the lease lives.
    let epoch_a = a.claim(&lease, TTL).await.unwrap().expect("a free lease");
    s.store
        .insert_message(&text(&dev, "M1", "62811", true, "one"))
        .await
        .unwrap();
    assert_eq!(b.claim(&lease, TTL).await.unwrap(), None);
    assert!(a.renew(TTL).await.unwrap().is_empty());

    // A stops renewing (frozen); once the lease runs out B takes it, with a larger epoch.
    tokio::time::sleep(TTL + Duration::from_millis(300)).await;
    let epoch_b = b
        .claim(&lease, TTL)
        .await
        .unwrap()
        .expect("an expired lease");
    assert!(epoch_b > epoch_a, "{epoch_b} > {epoch_a}");

    // Everything A writes for the device now is refused and changes nothing.
    let fenced = |r: Result<_, StoreError>| matches!(r, Err(StoreError::Fenced(d)) if d == dev);
    assert!(fenced(
        s.store
            .insert_message(&text(&dev, "M2", "62811", true, "two"))
            .await
            .map(|_| ())
    ));
    let ids = ["M1".to_string()];
    assert!(fenced(
        s.store
            .advance_status(&dev, &ids, MessageStatus::Sent, None)
            .await
            .map(|_| ())
    ));
    let state = DeviceState {
        status: Some(DeviceStatus::Disconnected),
        ..DeviceState::default()
    };
    assert!(fenced(
        s.store.update_device_state(&dev, &state).await.map(|_| ())
    ));
    let m1 = s.store.message(&dev, "M1").await.unwrap().unwrap();
    assert_eq!(m1.status, MessageStatus::Pending);
    assert!(s.store.message(&dev, "M2").await.unwrap().is_none());

    // B's writes pass; A learns at its next renewal that it lost the device.
    pg_b.insert_message(&text(&dev, "M3", "62811", true, "three"))
        .await
        .unwrap();
    assert_eq!(a.renew(TTL).await.unwrap(), vec![lease.clone()]);
    assert!(a.held().is_empty());
    assert_eq!(b.held(), vec![lease.clone()]);

    // A graceful hand-back: B releases, A takes it at once with a newer epoch still.
    b.release(&lease).await.unwrap();
    let epoch_a2 = a
        .claim(&lease, TTL)
        .await
        .unwrap()
        .expect("a released lease");
    assert!(epoch_a2 > epoch_b);
    s.store
        .advance_status(&dev, &ids, MessageStatus::Sent, None)
        .await
        .unwrap();
    let leases = a.leases().await.unwrap();
    assert_eq!(leases.len(), 1);
    assert_eq!(
        (leases[0].node_id.as_str(), leases[0].epoch),
        ("node-a", epoch_a2)
    );

    b.leave().await.unwrap();
    assert_eq!(a.live_nodes(TTL).await.unwrap().len(), 1);
    pg_b.close().await;
    s.close().await;
}

/// Attempts counted for a key are shared by every node and start again with the next window.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attempts_are_counted_across_nodes_per_window() {
    if crate::support::postgres_base_url().is_none() {
        eprintln!("skipped: set GERBANG_TEST_POSTGRES_URL to run the PostgreSQL tests");
        return;
    }
    let s = TestStore::open(Backend::Postgres).await;
    let pg_a = s.store.as_any().downcast_ref::<PgStore>().unwrap();
    let a = pg_a.cluster("node-a").unwrap();
    let pg_b = PgStore::connect(&s.url).await.unwrap();
    let b = pg_b.cluster("node-b").unwrap();
    let window = Duration::from_millis(800);
    let (one, left) = a.count_attempt("sign-in:10.0.0.1", window).await.unwrap();
    assert_eq!(one, 1);
    assert!(left <= window && left > Duration::ZERO, "{left:?}");
    assert_eq!(
        b.count_attempt("sign-in:10.0.0.1", window).await.unwrap().0,
        2
    );
    assert_eq!(
        a.count_attempt("sign-in:10.0.0.1", window).await.unwrap().0,
        3
    );
    assert_eq!(
        b.count_attempt("sign-in:10.0.0.2", window).await.unwrap().0,
        1,
        "per key"
    );
    tokio::time::sleep(window + Duration::from_millis(100)).await;
    assert_eq!(
        b.count_attempt("sign-in:10.0.0.1", window).await.unwrap().0,
        1,
        "a new window"
    );
}

/// The real engine's session state (`wa_*`) is fenced like the store's own writes: once B took
/// the device over, A's session-key writes are refused and leave B's state alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_state_writes_are_fenced_too() {
    if crate::support::postgres_base_url().is_none() {
        eprintln!("skipped: set GERBANG_TEST_POSTGRES_URL to run the PostgreSQL tests");
        return;
    }
    let s = TestStore::open(Backend::Postgres).await;
    let ani = s.user("ani").await;
    let dev = s.device(&ani, "shop").await;
    let lease = device_lease(&dev);
    let pg_a = s.store.as_any().downcast_ref::<PgStore>().unwrap();
    let a = pg_a.cluster("node-a").unwrap();
    let pg_b = PgStore::connect(&s.url).await.unwrap();
    let b = pg_b.cluster("node-b").unwrap();
    let (wa_a, wa_b) = (
        pg_a.wa_session().device(&dev),
        pg_b.wa_session().device(&dev),
    );

    a.claim(&lease, TTL).await.unwrap().expect("a free lease");
    wa_a.put_session("62811@s.whatsapp.net", b"a1")
        .await
        .unwrap();
    tokio::time::sleep(TTL + Duration::from_millis(300)).await;
    b.claim(&lease, TTL)
        .await
        .unwrap()
        .expect("an expired lease");

    let fenced = |r: Result<(), StoreError>| matches!(r, Err(StoreError::Fenced(d)) if d == dev);
    assert!(fenced(
        wa_a.put_session("62811@s.whatsapp.net", b"a2").await
    ));
    assert!(fenced(
        wa_a.put_identities(&[("62811@s.whatsapp.net", &[7; 32])])
            .await
    ));
    wa_b.put_session("62811@s.whatsapp.net", b"b1")
        .await
        .unwrap();
    assert_eq!(
        wa_a.get_session("62811@s.whatsapp.net").await.unwrap(),
        Some(b"b1".to_vec())
    );
    assert_eq!(
        wa_b.load_identity("62811@s.whatsapp.net").await.unwrap(),
        None
    );

    pg_b.close().await;
    s.close().await;
}
