-- Device connection state, engine sessions, and messages.
ALTER TABLE devices ADD COLUMN engine TEXT NOT NULL DEFAULT 'whatsapp';
ALTER TABLE devices ADD COLUMN auto_connect BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE devices ADD COLUMN push_name TEXT;
ALTER TABLE devices ADD COLUMN banned_until TIMESTAMPTZ;

CREATE TABLE engine_sessions (
    device_id  TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    engine     TEXT        NOT NULL,
    data       BYTEA       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE messages (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id       TEXT        NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    message_id      TEXT        NOT NULL,
    chat_jid        TEXT        NOT NULL,
    sender_jid      TEXT,
    sender_phone    TEXT,
    sender_lid      TEXT,
    push_name       TEXT,
    from_me         BOOLEAN     NOT NULL,
    message_type    TEXT        NOT NULL,
    body            TEXT,
    media_sha256    TEXT,
    media_mime      TEXT,
    media_size      BIGINT,
    media_file_name TEXT,
    extra           JSONB       NOT NULL DEFAULT '{}',
    quoted_id       TEXT,
    mentions        JSONB       NOT NULL DEFAULT '[]',
    status          TEXT        NOT NULL,
    status_rank     INTEGER     NOT NULL,
    failure_reason  TEXT,
    is_read         BOOLEAN     NOT NULL DEFAULT FALSE,
    edited          BOOLEAN     NOT NULL DEFAULT FALSE,
    deleted         BOOLEAN     NOT NULL DEFAULT FALSE,
    timestamp       TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX messages_device_message_key ON messages (device_id, message_id);
CREATE INDEX messages_chat ON messages (device_id, chat_jid, id);
CREATE INDEX messages_status ON messages (status) WHERE status = 'pending';
