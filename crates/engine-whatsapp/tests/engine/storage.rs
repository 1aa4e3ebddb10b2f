//! Differential test of the storage backend: random operation sequences (seeded, so a failure
//! names a reproducible sequence) go to our `SqlBackend` and to whatsapp-rust's reference
//! `InMemoryBackend`, and every answer must be the same. Small key spaces make operations
//! collide; a second device receives its own writes throughout, so any leak between devices
//! shows up as a wrong answer, and wiping it at the end must leave the first untouched.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use whatsapp_rust::bytes::Bytes;
use whatsapp_rust::wacore::appstate::hash::HashState;
use whatsapp_rust::wacore::appstate::processor::AppStateMutationMAC;
use whatsapp_rust::wacore::store::traits::{
    AppStateSyncKey, Backend, DeviceInfo, DeviceListRecord, LidPnMappingEntry, MsgSecretEntry,
    PendingInboundKey, PendingInboundRow, TcTokenEntry,
};
use whatsapp_rust::wacore::store::{Device, InMemoryBackend};

use gerbang_engine_whatsapp::store::{wipe, SqlBackend};

use crate::harness::{Backend as Db, TestDb};

const SEEDS: [u64; 3] = [7, 1_234, 98_765];
const STEPS: usize = 500;

const ADDRESSES: [&str; 6] = [
    "6281234@s.whatsapp.net",
    "6281234:2@s.whatsapp.net",
    "62812_4@lid",
    "62%@lid",
    "628@s.whatsapp.net",
    "120363@g.us",
];
const USERS: [&str; 5] = ["6281234", "62812_4", "62%", "628", "6281"];
const NAMES: [&str; 3] = ["regular", "critical_block", "regular_low"];
const GROUPS: [&str; 2] = ["120363@g.us", "120364@g.us"];
const LIDS: [&str; 3] = ["100001", "100002", "100003"];
const PHONES: [&str; 3] = ["6281111", "6282222", "6283333"];
const IDS: [&str; 4] = ["3EB0A", "3EB0B", "3EB0C", "3EB0D"];

fn pick<'a>(rng: &mut StdRng, from: &[&'a str]) -> &'a str {
    from.choose(rng).unwrap()
}

fn bytes(rng: &mut StdRng) -> Vec<u8> {
    let len = rng.gen_range(0..4);
    (0..len).map(|_| rng.gen_range(0..3u8)).collect()
}

fn mac(rng: &mut StdRng) -> [u8; 32] {
    [rng.gen_range(0..4u8); 32]
}

#[derive(Debug, Clone)]
enum Op {
    PutIdentity(String, [u8; 32]),
    PutIdentities(Vec<(String, [u8; 32])>),
    LoadIdentity(String),
    DeleteIdentity(String),
    PutSession(String, Vec<u8>),
    PutSessions(Vec<(String, Vec<u8>)>),
    GetSession(String),
    DeleteSession(String),
    HasSession(String),
    HasStateForUser(String),
    StorePrekey(u32, Vec<u8>, bool),
    StorePrekeys(Vec<(u32, Vec<u8>)>, bool),
    LoadPrekey(u32),
    LoadPrekeys(Vec<u32>),
    MarkUploaded(Vec<u32>),
    RemovePrekey(u32),
    MaxPrekey,
    StoreSigned(u32, Vec<u8>),
    LoadSigned(u32),
    LoadAllSigned,
    RemoveSigned(u32),
    PutSenderKey(String, Vec<u8>),
    PutSenderKeys(Vec<(String, Vec<u8>)>),
    GetSenderKey(String),
    DeleteSenderKey(String),
    SetSyncKey(Vec<u8>, Vec<u8>, i64),
    GetSyncKey(Vec<u8>),
    LatestSyncKey,
    SetVersion(String, u64, u8, Vec<(String, Vec<u8>)>, bool),
    GetVersion(String),
    PutMacs(String, Vec<([u8; 32], Vec<u8>)>),
    GetMac(String, [u8; 32]),
    GetMacs(String, Vec<[u8; 32]>),
    DeleteMacs(String, Vec<[u8; 32]>),
    ClearMacs(String),
    SetSenderKeyStatus(String, Vec<(String, bool)>),
    GetSenderKeyDevices(String),
    ClearSenderKeyDevices(String),
    DeleteSenderKeyRows(Vec<String>),
    ClearAllSenderKeyDevices,
    PutLid(String, String, i64),
    PutLids(Vec<(String, String, i64)>),
    GetLid(String),
    GetPn(String),
    AllLids,
    SaveBaseKey(String, String, Vec<u8>),
    SameBaseKey(String, String, Vec<u8>),
    DeleteBaseKey(String, String),
    UpdateDeviceList(String, Vec<u32>, i64, Option<u32>),
    UpdateDeviceLists(Vec<(String, Vec<u32>, i64, Option<u32>)>),
    GetDevices(String),
    DeleteDevices(String),
    PutGroupMeta(String, Vec<u8>),
    GetGroupMeta(String),
    DeleteGroupMeta(String),
    PutTc(String, Vec<u8>, i64, Option<i64>),
    GetTc(String),
    DeleteTc(String),
    AllTcJids,
    ExpireTc(i64, i64),
    TouchTc(String, i64),
    ReceivedTc(String, Vec<u8>, i64),
    StoreSent(String, String, Vec<u8>),
    TakeSent(String, String),
    ExpireSent(bool),
    StorePending(String, String, String, Vec<u8>),
    StorePendingBatch(Vec<(String, String, String, Vec<u8>)>),
    GetPending(String, String, String),
    DeletePending(String, String, String),
    DeletePendingBatch(Vec<(String, String, String)>),
    ExpirePending(bool),
    PutSecrets(Vec<(String, String, String, u8, i64, i64)>),
    PutSecret(String, String, String, u8),
    GetSecret(String, String, String),
    GetSecretTs(String, String, String),
    ExpireSecrets(i64),
    SaveDevice(String),
    LoadDevice,
    DeviceExists,
    CreateDevice,
}

fn gen(rng: &mut StdRng) -> Op {
    let addr = |rng: &mut StdRng| pick(rng, &ADDRESSES).to_string();
    let key = |rng: &mut StdRng| [rng.gen_range(0..3u8); 32];
    let id = |rng: &mut StdRng| rng.gen_range(1..8u32);
    let ids = |rng: &mut StdRng| {
        let n = rng.gen_range(0..4);
        (0..n).map(|_| rng.gen_range(1..8u32)).collect::<Vec<_>>()
    };
    let s = |rng: &mut StdRng, from: &[&str]| pick(rng, from).to_string();
    let triple = |rng: &mut StdRng| (s(rng, &GROUPS), s(rng, &ADDRESSES[..3]), s(rng, &IDS));
    let devices = |rng: &mut StdRng| {
        (0..rng.gen_range(0..3))
            .map(|_| rng.gen_range(0..4))
            .collect()
    };
    match rng.gen_range(0..80) {
        0 => Op::PutIdentity(addr(rng), key(rng)),
        1 => Op::PutIdentities(
            (0..rng.gen_range(0..3))
                .map(|_| (addr(rng), key(rng)))
                .collect(),
        ),
        2 | 3 => Op::LoadIdentity(addr(rng)),
        4 => Op::DeleteIdentity(addr(rng)),
        5 => Op::PutSession(addr(rng), bytes(rng)),
        6 => Op::PutSessions(
            (0..rng.gen_range(0..3))
                .map(|_| (addr(rng), bytes(rng)))
                .collect(),
        ),
        7 => Op::GetSession(addr(rng)),
        8 => Op::DeleteSession(addr(rng)),
        9 => Op::HasSession(addr(rng)),
        10 | 11 => Op::HasStateForUser(s(rng, &USERS)),
        12 => Op::StorePrekey(id(rng), bytes(rng), rng.gen()),
        13 => Op::StorePrekeys(
            ids(rng).into_iter().map(|i| (i, bytes(rng))).collect(),
            rng.gen(),
        ),
        14 => Op::LoadPrekey(id(rng)),
        15 => Op::LoadPrekeys(ids(rng)),
        16 => Op::MarkUploaded(ids(rng)),
        17 => Op::RemovePrekey(id(rng)),
        18 => Op::MaxPrekey,
        19 => Op::StoreSigned(id(rng), bytes(rng)),
        20 => Op::LoadSigned(id(rng)),
        21 => Op::LoadAllSigned,
        22 => Op::RemoveSigned(id(rng)),
        23 => Op::PutSenderKey(addr(rng), bytes(rng)),
        24 => Op::PutSenderKeys(
            (0..rng.gen_range(0..3))
                .map(|_| (addr(rng), bytes(rng)))
                .collect(),
        ),
        25 => Op::GetSenderKey(addr(rng)),
        26 => Op::DeleteSenderKey(addr(rng)),
        27 => Op::SetSyncKey(vec![rng.gen_range(0..4u8)], bytes(rng), rng.gen_range(0..5)),
        28 => Op::GetSyncKey(vec![rng.gen_range(0..4u8)]),
        29 => Op::LatestSyncKey,
        30 => {
            let map = (0..rng.gen_range(0..3))
                .map(|_| (s(rng, &IDS), bytes(rng)))
                .collect();
            Op::SetVersion(
                s(rng, &NAMES),
                rng.gen_range(0..9),
                rng.gen(),
                map,
                rng.gen(),
            )
        }
        31 => Op::GetVersion(s(rng, &NAMES)),
        32 => Op::PutMacs(
            s(rng, &NAMES),
            (0..rng.gen_range(0..3))
                .map(|_| (mac(rng), bytes(rng)))
                .collect(),
        ),
        33 => Op::GetMac(s(rng, &NAMES), mac(rng)),
        34 => Op::GetMacs(
            s(rng, &NAMES),
            (0..rng.gen_range(0..3)).map(|_| mac(rng)).collect(),
        ),
        35 => Op::DeleteMacs(
            s(rng, &NAMES),
            (0..rng.gen_range(0..3)).map(|_| mac(rng)).collect(),
        ),
        36 => Op::ClearMacs(s(rng, &NAMES)),
        37 => Op::SetSenderKeyStatus(
            s(rng, &GROUPS),
            (0..rng.gen_range(0..3))
                .map(|_| (addr(rng), rng.gen()))
                .collect(),
        ),
        38 | 39 => Op::GetSenderKeyDevices(s(rng, &GROUPS)),
        40 => Op::ClearSenderKeyDevices(s(rng, &GROUPS)),
        41 => Op::DeleteSenderKeyRows((0..rng.gen_range(0..3)).map(|_| addr(rng)).collect()),
        42 => Op::ClearAllSenderKeyDevices,
        43 | 44 => Op::PutLid(s(rng, &LIDS), s(rng, &PHONES), rng.gen_range(0..5)),
        45 => Op::PutLids(
            (0..rng.gen_range(0..3))
                .map(|_| (s(rng, &LIDS), s(rng, &PHONES), rng.gen_range(0..5)))
                .collect(),
        ),
        46 => Op::GetLid(s(rng, &LIDS)),
        47 | 48 => Op::GetPn(s(rng, &PHONES)),
        49 => Op::AllLids,
        50 => Op::SaveBaseKey(addr(rng), s(rng, &IDS), bytes(rng)),
        51 => Op::SameBaseKey(addr(rng), s(rng, &IDS), bytes(rng)),
        52 => Op::DeleteBaseKey(addr(rng), s(rng, &IDS)),
        53 => Op::UpdateDeviceList(
            s(rng, &USERS),
            devices(rng),
            rng.gen_range(0..5),
            rng.gen::<bool>().then_some(3),
        ),
        54 => Op::UpdateDeviceLists(
            (0..rng.gen_range(0..3))
                .map(|_| (s(rng, &USERS), devices(rng), rng.gen_range(0..5), None))
                .collect(),
        ),
        55 => Op::GetDevices(s(rng, &USERS)),
        56 => Op::DeleteDevices(s(rng, &USERS)),
        57 => Op::PutGroupMeta(s(rng, &GROUPS), bytes(rng)),
        58 => Op::GetGroupMeta(s(rng, &GROUPS)),
        59 => Op::DeleteGroupMeta(s(rng, &GROUPS)),
        60 => Op::PutTc(
            addr(rng),
            bytes(rng),
            rng.gen_range(0..10),
            rng.gen::<bool>().then(|| rng.gen_range(0..10)),
        ),
        61 => Op::GetTc(addr(rng)),
        62 => Op::DeleteTc(addr(rng)),
        63 => Op::AllTcJids,
        64 => Op::ExpireTc(rng.gen_range(0..11), rng.gen_range(0..11)),
        65 => Op::TouchTc(addr(rng), rng.gen_range(0..10)),
        66 => Op::ReceivedTc(addr(rng), bytes(rng), rng.gen_range(0..10)),
        67 => Op::StoreSent(s(rng, &GROUPS), s(rng, &IDS), bytes(rng)),
        68 => Op::TakeSent(s(rng, &GROUPS), s(rng, &IDS)),
        69 => Op::ExpireSent(rng.gen_bool(0.2)),
        70 => {
            let (c, se, i) = triple(rng);
            Op::StorePending(c, se, i, bytes(rng))
        }
        71 => Op::StorePendingBatch(
            (0..rng.gen_range(0..3))
                .map(|_| {
                    let (c, se, i) = triple(rng);
                    (c, se, i, bytes(rng))
                })
                .collect(),
        ),
        72 => {
            let (c, se, i) = triple(rng);
            if rng.gen() {
                Op::GetPending(c, se, i)
            } else {
                Op::DeletePending(c, se, i)
            }
        }
        73 => Op::DeletePendingBatch((0..rng.gen_range(0..3)).map(|_| triple(rng)).collect()),
        74 => Op::ExpirePending(rng.gen_bool(0.2)),
        75 => Op::PutSecrets(
            (0..rng.gen_range(0..4))
                .map(|_| {
                    let (c, se, i) = triple(rng);
                    let expires = *[0, 100, 200, 300].choose(rng).unwrap();
                    let ts = *[0, 10, 20].choose(rng).unwrap();
                    (c, se, i, rng.gen_range(0..3), expires, ts)
                })
                .collect(),
        ),
        76 => {
            let (c, se, i) = triple(rng);
            if rng.gen() {
                Op::PutSecret(c, se, i, rng.gen_range(0..3))
            } else if rng.gen() {
                Op::GetSecret(c, se, i)
            } else {
                Op::GetSecretTs(c, se, i)
            }
        }
        77 => Op::ExpireSecrets(*[50, 150, 250, 350].choose(rng).unwrap()),
        78 => Op::SaveDevice(s(rng, &USERS)),
        _ => match rng.gen_range(0..3) {
            0 => Op::LoadDevice,
            1 => Op::DeviceExists,
            _ => Op::CreateDevice,
        },
    }
}

fn arcs(items: &[(String, Vec<u8>)]) -> Vec<(Arc<str>, Bytes)> {
    items
        .iter()
        .map(|(a, b)| (Arc::from(a.as_str()), Bytes::from(b.clone())))
        .collect()
}

fn lid(l: &str, p: &str, t: i64) -> LidPnMappingEntry {
    LidPnMappingEntry {
        lid: l.into(),
        phone_number: p.into(),
        created_at: t,
        updated_at: t + 1,
        learning_source: format!("src{t}"),
    }
}

fn device_list(
    user: &str,
    devices: &[u32],
    timestamp: i64,
    raw_id: Option<u32>,
) -> DeviceListRecord {
    DeviceListRecord {
        user: user.into(),
        devices: devices
            .iter()
            .map(|&d| DeviceInfo::new(d, Some(d + 1)))
            .collect(),
        timestamp,
        phash: (timestamp % 2 == 0).then(|| format!("2:{timestamp}")),
        raw_id,
    }
}

fn secret(c: &str, s: &str, i: &str, b: u8, expires_at: i64, message_ts: i64) -> MsgSecretEntry {
    MsgSecretEntry {
        chat: Arc::from(c),
        sender: Arc::from(s),
        msg_id: Arc::from(i),
        secret: [b; 32],
        expires_at,
        message_ts,
    }
}

fn lids(mut v: Vec<LidPnMappingEntry>) -> String {
    v.sort_by(|a, b| a.lid.cmp(&b.lid));
    format!(
        "{:?}",
        v.iter().map(|e| format!("{e:?}")).collect::<Vec<_>>()
    )
}

/// Applies `op` and describes the answer in a form where both backends' legitimate freedoms
/// (row order, the label `create` returns) do not show.
async fn apply(b: &dyn Backend, op: &Op, device: &Device) -> String {
    macro_rules! show {
        ($e:expr) => {
            match $e.await {
                Ok(v) => format!("{:?}", v),
                Err(e) => format!("error: {e}"),
            }
        };
    }
    let now = whatsapp_rust::wacore::time::now_secs();
    match op {
        Op::PutIdentity(a, k) => show!(b.put_identity(a, *k)),
        Op::PutIdentities(items) => {
            let v: Vec<(Arc<str>, [u8; 32])> = items
                .iter()
                .map(|(a, k)| (Arc::from(a.as_str()), *k))
                .collect();
            show!(b.put_identities_batch(&v))
        }
        Op::LoadIdentity(a) => show!(b.load_identity(a)),
        Op::DeleteIdentity(a) => show!(b.delete_identity(a)),
        Op::PutSession(a, s) => show!(b.put_session(a, s)),
        Op::PutSessions(items) => show!(b.put_sessions_batch(&arcs(items))),
        Op::GetSession(a) => show!(b.get_session(a)),
        Op::DeleteSession(a) => show!(b.delete_session(a)),
        Op::HasSession(a) => show!(b.has_session(a)),
        Op::HasStateForUser(u) => show!(b.has_signal_state_for_user(u)),
        Op::StorePrekey(i, r, up) => show!(b.store_prekey(*i, r, *up)),
        Op::StorePrekeys(items, up) => {
            let v: Vec<(u32, Bytes)> = items
                .iter()
                .map(|(i, r)| (*i, Bytes::from(r.clone())))
                .collect();
            show!(b.store_prekeys_batch(&v, *up))
        }
        Op::LoadPrekey(i) => show!(b.load_prekey(*i)),
        Op::LoadPrekeys(ids) => show!(b.load_prekeys_batch(ids)),
        Op::MarkUploaded(ids) => show!(b.mark_prekeys_uploaded(ids)),
        Op::RemovePrekey(i) => show!(b.remove_prekey(*i)),
        Op::MaxPrekey => show!(b.get_max_prekey_id()),
        Op::StoreSigned(i, r) => show!(b.store_signed_prekey(*i, r)),
        Op::LoadSigned(i) => show!(b.load_signed_prekey(*i)),
        Op::LoadAllSigned => match b.load_all_signed_prekeys().await {
            Ok(mut v) => {
                v.sort();
                format!("{v:?}")
            }
            Err(e) => format!("error: {e}"),
        },
        Op::RemoveSigned(i) => show!(b.remove_signed_prekey(*i)),
        Op::PutSenderKey(a, r) => show!(b.put_sender_key(a, r)),
        Op::PutSenderKeys(items) => show!(b.put_sender_keys_batch(&arcs(items))),
        Op::GetSenderKey(a) => show!(b.get_sender_key(a)),
        Op::DeleteSenderKey(a) => show!(b.delete_sender_key(a)),
        Op::SetSyncKey(id, data, ts) => show!(b.set_sync_key(
            id,
            AppStateSyncKey {
                key_data: data.clone(),
                fingerprint: vec![*ts as u8],
                timestamp: *ts,
            }
        )),
        Op::GetSyncKey(id) => show!(b.get_sync_key(id)),
        Op::LatestSyncKey => show!(b.get_latest_sync_key_id()),
        Op::SetVersion(name, version, h, map, fatal) => {
            let mut state = HashState {
                version: *version,
                hash: [*h; 128],
                ..HashState::default()
            };
            state.index_value_map = map.iter().cloned().collect();
            state.mac_mismatch_fatal = *fatal;
            show!(b.set_version(name, state))
        }
        Op::GetVersion(name) => match b.get_version(name).await {
            Ok(s) => {
                let map: BTreeMap<_, _> = s.index_value_map.into_iter().collect();
                format!(
                    "{} {:?} {:?} {}",
                    s.version,
                    &s.hash[..4],
                    map,
                    s.mac_mismatch_fatal
                )
            }
            Err(e) => format!("error: {e}"),
        },
        Op::PutMacs(name, items) => {
            let v: Vec<AppStateMutationMAC> = items
                .iter()
                .map(|(i, v)| AppStateMutationMAC {
                    index_mac: i.to_vec(),
                    value_mac: v.clone(),
                })
                .collect();
            show!(b.put_mutation_macs(name, 1, &v))
        }
        Op::GetMac(name, i) => show!(b.get_mutation_mac(name, i)),
        Op::GetMacs(name, macs) => match b.get_mutation_macs(name, macs).await {
            Ok(found) => format!("{:?}", found.into_iter().collect::<BTreeMap<_, _>>()),
            Err(e) => format!("error: {e}"),
        },
        Op::DeleteMacs(name, macs) => {
            let v: Vec<Vec<u8>> = macs.iter().map(|m| m.to_vec()).collect();
            show!(b.delete_mutation_macs(name, &v))
        }
        Op::ClearMacs(name) => show!(b.clear_mutation_macs(name)),
        Op::SetSenderKeyStatus(g, entries) => {
            let v: Vec<(&str, bool)> = entries.iter().map(|(d, k)| (d.as_str(), *k)).collect();
            show!(b.set_sender_key_status(g, &v))
        }
        Op::GetSenderKeyDevices(g) => match b.get_sender_key_devices(g).await {
            Ok(mut v) => {
                v.sort();
                format!("{v:?}")
            }
            Err(e) => format!("error: {e}"),
        },
        Op::ClearSenderKeyDevices(g) => show!(b.clear_sender_key_devices(g)),
        Op::DeleteSenderKeyRows(jids) => {
            let v: Vec<&str> = jids.iter().map(String::as_str).collect();
            show!(b.delete_sender_key_device_rows(&v))
        }
        Op::ClearAllSenderKeyDevices => show!(b.clear_all_sender_key_devices()),
        Op::PutLid(l, p, t) => show!(b.put_lid_mapping(&lid(l, p, *t))),
        Op::PutLids(items) => {
            let v: Vec<_> = items.iter().map(|(l, p, t)| lid(l, p, *t)).collect();
            show!(b.put_lid_mappings(&v))
        }
        Op::GetLid(l) => show!(b.get_lid_mapping(l)),
        Op::GetPn(p) => show!(b.get_pn_mapping(p)),
        Op::AllLids => match b.get_all_lid_mappings().await {
            Ok(v) => lids(v),
            Err(e) => format!("error: {e}"),
        },
        Op::SaveBaseKey(a, i, k) => show!(b.save_base_key(a, i, k)),
        Op::SameBaseKey(a, i, k) => show!(b.has_same_base_key(a, i, k)),
        Op::DeleteBaseKey(a, i) => show!(b.delete_base_key(a, i)),
        Op::UpdateDeviceList(u, d, t, r) => show!(b.update_device_list(device_list(u, d, *t, *r))),
        Op::UpdateDeviceLists(items) => {
            let v = items
                .iter()
                .map(|(u, d, t, r)| device_list(u, d, *t, *r))
                .collect();
            show!(b.update_device_lists(v))
        }
        Op::GetDevices(u) => match b.get_devices(u).await {
            Ok(v) => serde_json::to_string(&v).unwrap(),
            Err(e) => format!("error: {e}"),
        },
        Op::DeleteDevices(u) => show!(b.delete_devices(u)),
        Op::PutGroupMeta(g, data) => show!(b.put_group_metadata(g, data)),
        Op::GetGroupMeta(g) => show!(b.get_group_metadata(g)),
        Op::DeleteGroupMeta(g) => show!(b.delete_group_metadata(g)),
        Op::PutTc(j, token, ts, sender) => show!(b.put_tc_token(
            j,
            &TcTokenEntry {
                token: token.clone(),
                token_timestamp: *ts,
                sender_timestamp: *sender,
            }
        )),
        Op::GetTc(j) => show!(b.get_tc_token(j)),
        Op::DeleteTc(j) => show!(b.delete_tc_token(j)),
        Op::AllTcJids => match b.get_all_tc_token_jids().await {
            Ok(mut v) => {
                v.sort();
                format!("{v:?}")
            }
            Err(e) => format!("error: {e}"),
        },
        Op::ExpireTc(t, s) => show!(b.delete_expired_tc_tokens(*t, *s)),
        Op::TouchTc(j, t) => show!(b.touch_tc_token_sender_timestamp(j, *t)),
        Op::ReceivedTc(j, token, t) => show!(b.store_received_tc_token(j, token, *t)),
        Op::StoreSent(c, i, p) => show!(b.store_sent_message(c, i, p)),
        Op::TakeSent(c, i) => show!(b.take_sent_message(c, i)),
        // Rows are stamped with the current second: cut an hour back (nothing goes) or ahead
        // (everything goes), never near the boundary.
        Op::ExpireSent(all) => {
            show!(b.delete_expired_sent_messages(if *all { now + 3600 } else { now - 3600 }))
        }
        Op::StorePending(c, s, i, m) => show!(b.store_pending_inbound(c, s, i, m)),
        Op::StorePendingBatch(items) => {
            let rows: Vec<PendingInboundRow<'_>> = items
                .iter()
                .map(|(c, s, i, m)| PendingInboundRow {
                    chat: c,
                    sender: s,
                    id: i,
                    message: m,
                })
                .collect();
            show!(b.store_pending_inbound_batch(&rows))
        }
        Op::GetPending(c, s, i) => show!(b.get_pending_inbound(c, s, i)),
        Op::DeletePending(c, s, i) => show!(b.delete_pending_inbound(c, s, i)),
        Op::DeletePendingBatch(keys) => {
            let keys: Vec<PendingInboundKey<'_>> = keys
                .iter()
                .map(|(c, s, i)| PendingInboundKey {
                    chat: c,
                    sender: s,
                    id: i,
                })
                .collect();
            show!(b.delete_pending_inbound_batch(&keys))
        }
        Op::ExpirePending(all) => {
            show!(b.delete_expired_pending_inbound(if *all { now + 3600 } else { now - 3600 }))
        }
        Op::PutSecrets(items) => {
            let v = items
                .iter()
                .map(|(c, s, i, b, e, t)| secret(c, s, i, *b, *e, *t))
                .collect();
            show!(b.put_msg_secrets(v))
        }
        Op::PutSecret(c, s, i, byte) => show!(b.put_msg_secret(c, s, i, &[*byte; 32])),
        Op::GetSecret(c, s, i) => show!(b.get_msg_secret(c, s, i)),
        Op::GetSecretTs(c, s, i) => show!(b.get_msg_secret_with_ts(c, s, i)),
        Op::ExpireSecrets(cutoff) => show!(b.delete_expired_msg_secrets(*cutoff)),
        Op::SaveDevice(name) => {
            let mut d = device.clone();
            d.push_name = name.clone();
            show!(b.save(&d))
        }
        Op::LoadDevice => match b.load().await {
            Ok(d) => d.map_or("none".into(), |d| serde_json::to_string(&d).unwrap()),
            Err(e) => format!("error: {e}"),
        },
        Op::DeviceExists => show!(b.exists()),
        // The id is a label (ours is keyed by device id); only success is compared.
        Op::CreateDevice => match b.create().await {
            Ok(_) => "ok".into(),
            Err(e) => format!("error: {e}"),
        },
    }
}

async fn same_answers_as_the_reference_store(backend: Db) {
    let db = TestDb::new(backend).await;
    for seed in SEEDS {
        let ours_id = format!("diff-{seed}");
        let other_id = format!("other-{seed}");
        db.device(&ours_id).await;
        db.device(&other_id).await;
        let ours = SqlBackend::new(db.db.clone(), &ours_id);
        let other = SqlBackend::new(db.db.clone(), &other_id);
        let reference = InMemoryBackend::new();
        let device = Device::new();

        let mut rng = StdRng::seed_from_u64(seed);
        let mut noise = StdRng::seed_from_u64(seed ^ 0xdead_beef);
        let mut ops = vec![Op::SaveDevice("first".into())];
        ops.extend((0..STEPS).map(|_| gen(&mut rng)));
        let mut kinds: HashMap<String, usize> = HashMap::new();
        for (step, op) in ops.iter().enumerate() {
            let expected = apply(&reference, op, &device).await;
            let got = apply(&ours, op, &device).await;
            assert_eq!(
                got, expected,
                "seed {seed}, step {step}: {op:?}\n  ours:      {got}\n  reference: {expected}"
            );
            let kind = format!("{op:?}");
            *kinds
                .entry(kind[..kind.find('(').unwrap_or(kind.len())].to_string())
                .or_default() += 1;
            // The other device writes too; none of it may show in our answers.
            apply(&other, &gen(&mut noise), &device).await;
        }
        assert!(
            kinds.len() > 60,
            "only {} kinds of operation ran",
            kinds.len()
        );

        // Wiping the other device removes its state and nothing of ours.
        let before = apply(&ours, &Op::AllLids, &device).await;
        wipe(&db.db, &other_id).await.unwrap();
        assert_eq!(db.wa_rows(&other_id).await, 0);
        assert_eq!(apply(&ours, &Op::AllLids, &device).await, before);
        assert_eq!(apply(&ours, &Op::DeviceExists, &device).await, "true");
        wipe(&db.db, &ours_id).await.unwrap();
        assert_eq!(apply(&ours, &Op::DeviceExists, &device).await, "false");
        assert_eq!(apply(&ours, &Op::LoadDevice, &device).await, "none");
    }
}

/// Deleting the device deletes its session state with it.
async fn device_deletion_cascades(backend: Db) {
    let db = TestDb::new(backend).await;
    db.device("gone").await;
    let ours = SqlBackend::new(db.db.clone(), "gone");
    let device = Device::new();
    for op in [
        Op::SaveDevice("x".into()),
        Op::PutSession("a@s.whatsapp.net".into(), vec![1]),
        Op::PutLid("1".into(), "2".into(), 3),
        Op::PutTc("a@lid".into(), vec![], 1, Some(2)),
    ] {
        apply(&ours, &op, &device).await;
    }
    assert!(db.wa_rows("gone").await >= 4);
    db.store.delete_device("gone").await.unwrap();
    assert_eq!(db.wa_rows("gone").await, 0);
}

crate::db_tests!(
    same_answers_as_the_reference_store,
    device_deletion_cascades
);
