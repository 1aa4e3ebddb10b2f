-- The device a user's device-less routes act on (`/api/send-message`, `/api/qr`, the legacy
-- `/api/whatsapp/*`), and one global default set by an administrator. `scope` is `global`
-- or `user:<id>`; the row goes with its user or its device.
CREATE TABLE default_devices (
    scope      TEXT PRIMARY KEY,
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    device_id  TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    updated_at TEXT NOT NULL
);
CREATE INDEX default_devices_device ON default_devices (device_id);
