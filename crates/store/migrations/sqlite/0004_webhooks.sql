-- Webhooks and their durable outbox: one delivery per webhook and event, every attempt kept.
CREATE TABLE webhooks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    -- NULL for a global webhook (every device's events).
    device_id     TEXT REFERENCES devices (device_id) ON DELETE CASCADE,
    url           TEXT    NOT NULL,
    events        TEXT    NOT NULL DEFAULT '[]',
    secret        TEXT    NOT NULL,
    headers       TEXT    NOT NULL DEFAULT '{}',
    active        BOOLEAN NOT NULL DEFAULT 1,
    -- The outbox cursor: events up to here are turned into deliveries.
    last_event_id INTEGER NOT NULL DEFAULT 0,
    created_by    INTEGER,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX webhooks_device ON webhooks (device_id);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        INTEGER NOT NULL,
    event_type      TEXT    NOT NULL,
    chat_key        TEXT    NOT NULL,
    -- The exact body sent (and signed), kept apart from the event log's retention.
    payload         TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    -- A dispatcher's claim: others leave the row alone until then.
    locked_until    TEXT,
    lock_token      TEXT,
    last_status     INTEGER,
    last_error      TEXT,
    queued_at       TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    delivered_at    TEXT,
    updated_at      TEXT    NOT NULL
);
CREATE UNIQUE INDEX webhook_deliveries_event_key ON webhook_deliveries (webhook_id, event_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_chat ON webhook_deliveries (webhook_id, chat_key, event_id)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_list ON webhook_deliveries (webhook_id, status, id);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);

CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at TEXT    NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    response     TEXT,
    duration_ms  INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
