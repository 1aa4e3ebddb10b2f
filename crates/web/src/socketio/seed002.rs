//! Seed 002's events (a single-device QR gateway): `qr:generated`, `connection:status`,
//! `whatsapp:connected`, `whatsapp:disconnected`, `message:received`, `message:sent`, with the
//! seed's payloads plus `deviceId` (and `eventId`, added by the bridge).

use serde_json::{json, Value};

use gerbang_app::default_device::seed_status;
use gerbang_core::device::DeviceStatus;
use gerbang_core::event::{types, Event};

pub(super) fn events(event: &Event) -> Vec<(&'static str, Value)> {
    let d = &event.data;
    let device = event.device_id.clone();
    let timestamp = event.created_at.to_rfc3339();
    match event.event_type.as_str() {
        types::STATUS => {
            let Ok(status) = serde_json::from_value::<DeviceStatus>(d["status"].clone()) else {
                return vec![];
            };
            let seed = seed_status(status);
            let user = linked_user(d).filter(|_| seed == "connected");
            let mut out = vec![(
                "connection:status",
                json!({"status": seed, "user": user, "deviceId": device, "timestamp": timestamp}),
            )];
            match seed {
                "connected" => out.push((
                    "whatsapp:connected",
                    json!({"user": user, "deviceId": device, "timestamp": timestamp}),
                )),
                "disconnected" => out.push((
                    "whatsapp:disconnected",
                    json!({"deviceId": device, "reason": d["lastDisconnectReason"],
                           "timestamp": timestamp}),
                )),
                _ => {}
            }
            out
        }
        types::QR => match d["qr"].as_str().map(crate::qr::png_data_url) {
            Some(Ok(image)) => vec![(
                "qr:generated",
                json!({"qrCode": image, "qr": d["qr"], "expiresAt": d["expiresAt"],
                       "deviceId": device, "timestamp": timestamp}),
            )],
            _ => vec![],
        },
        types::MESSAGE_NEW if d["message"]["fromMe"] == false => vec![(
            "message:received",
            json!({"from": event.chat_jid, "text": d["message"]["body"], "message": d["message"],
                   "deviceId": device, "timestamp": timestamp}),
        )],
        types::MESSAGE_STATUS if d["message"]["fromMe"] == true => {
            let success = match d["status"].as_str() {
                Some("sent") => true,
                Some("failed") => false,
                _ => return vec![],
            };
            let mut payload = json!({"to": event.chat_jid, "message": d["message"]["body"],
                "success": success, "messageId": d["messageId"], "deviceId": device,
                "timestamp": timestamp});
            if !success {
                payload["error"] = d["message"]["failureReason"].clone();
            }
            vec![("message:sent", payload)]
        }
        _ => vec![],
    }
}

/// Seed 002's `user`: `{id: "628…@s.whatsapp.net", name}`.
fn linked_user(d: &Value) -> Option<Value> {
    let phone = d["phoneNumber"].as_str()?;
    Some(json!({"id": format!("{phone}@s.whatsapp.net"), "name": d["pushName"]}))
}
