-- AI replies: settings and the encrypted provider key per device, requests and tokens per local
-- day (the daily cap), and when a contact's conversation memory was cleared.
CREATE TABLE bot_ai (
    device_id  TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    config     TEXT NOT NULL,
    key_cipher TEXT,
    key_hint   TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE bot_ai_usage (
    device_id TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    day       TEXT    NOT NULL,
    requests  INTEGER NOT NULL DEFAULT 0,
    tokens    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, day)
);

CREATE TABLE bot_ai_memory (
    device_id   TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    contact_jid TEXT NOT NULL,
    cleared_at  TEXT NOT NULL,
    PRIMARY KEY (device_id, contact_jid)
);
