-- What the gateway does with a device's incoming WhatsApp calls: a gateway cannot answer them,
-- so shops ask to reject them and tell the caller to write instead. No row means calls ring
-- (and are reported) as on the phone. The row goes with its device.
CREATE TABLE device_call_settings (
    device_id      TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    reject_calls   BOOLEAN NOT NULL,
    reject_message TEXT,
    updated_at     TEXT NOT NULL
);
