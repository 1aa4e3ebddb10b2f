-- The auto-reply bot: settings and rules per device, hand-offs to a person, and one log row per
-- inbound message it decided on (the unique index is what makes a reply happen at most once).
CREATE TABLE bot_configs (
    device_id  TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    config     TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE bot_rules (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id   TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    spec        TEXT    NOT NULL,
    hits        BIGINT  NOT NULL DEFAULT 0,
    last_hit_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ    NOT NULL,
    updated_at  TIMESTAMPTZ    NOT NULL
);
CREATE INDEX bot_rules_device ON bot_rules (device_id, position);

CREATE TABLE bot_handoffs (
    device_id        TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    contact_jid      TEXT NOT NULL,
    reason           TEXT NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    last_activity_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, contact_jid)
);

CREATE TABLE bot_log (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id        TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    inbound_id       TEXT    NOT NULL,
    contact_jid      TEXT    NOT NULL,
    action           TEXT    NOT NULL,
    rule_id          BIGINT,
    detail           TEXT,
    reply_message_id TEXT,
    status           TEXT    NOT NULL,
    day              DATE    NOT NULL,
    created_at       TIMESTAMPTZ    NOT NULL
);
CREATE UNIQUE INDEX bot_log_inbound ON bot_log (device_id, inbound_id);
CREATE INDEX bot_log_contact ON bot_log (device_id, contact_jid, created_at);
CREATE INDEX bot_log_day ON bot_log (device_id, day);
