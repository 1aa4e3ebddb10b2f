-- The event log that SSE, WebSocket and webhooks read from.
CREATE TABLE events (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_type TEXT        NOT NULL,
    device_id  TEXT,
    user_id    BIGINT,
    chat_jid   TEXT,
    data       JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_user ON events (user_id, id);
CREATE INDEX events_created ON events (created_at);
