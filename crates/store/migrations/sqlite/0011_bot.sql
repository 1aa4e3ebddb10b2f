-- The auto-reply bot: settings and rules per device, hand-offs to a person, and one log row per
-- inbound message it decided on (the unique index is what makes a reply happen at most once).
CREATE TABLE bot_configs (
    device_id  TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    config     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE bot_rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id   TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    spec        TEXT    NOT NULL,
    hits        INTEGER NOT NULL DEFAULT 0,
    last_hit_at TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX bot_rules_device ON bot_rules (device_id, position);

CREATE TABLE bot_handoffs (
    device_id        TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    contact_jid      TEXT NOT NULL,
    reason           TEXT NOT NULL,
    started_at       TEXT NOT NULL,
    last_activity_at TEXT NOT NULL,
    PRIMARY KEY (device_id, contact_jid)
);

CREATE TABLE bot_log (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id        TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    inbound_id       TEXT    NOT NULL,
    contact_jid      TEXT    NOT NULL,
    action           TEXT    NOT NULL,
    rule_id          INTEGER,
    detail           TEXT,
    reply_message_id TEXT,
    status           TEXT    NOT NULL,
    day              TEXT    NOT NULL,
    created_at       TEXT    NOT NULL
);
CREATE UNIQUE INDEX bot_log_inbound ON bot_log (device_id, inbound_id);
CREATE INDEX bot_log_contact ON bot_log (device_id, contact_jid, created_at);
CREATE INDEX bot_log_day ON bot_log (device_id, day);
