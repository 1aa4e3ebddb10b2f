-- Bulk-send jobs with their recipients, and scheduled messages.
CREATE TABLE jobs (
    job_id       TEXT PRIMARY KEY,
    device_id    TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL,
    kind         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    message      TEXT    NOT NULL,
    media        JSONB,
    pacing       JSONB   NOT NULL,
    stop_reason  TEXT,
    next_send_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ    NOT NULL,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX jobs_due ON jobs (status, next_send_at);
CREATE INDEX jobs_device ON jobs (device_id);

CREATE TABLE job_recipients (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id     TEXT    NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    phone      TEXT    NOT NULL,
    variables  JSONB   NOT NULL DEFAULT '{}',
    status     TEXT    NOT NULL,
    message_id TEXT,
    error      TEXT,
    sent_at    TIMESTAMPTZ
);
CREATE UNIQUE INDEX job_recipients_position ON job_recipients (job_id, position);
CREATE INDEX job_recipients_status ON job_recipients (job_id, status, position);
CREATE INDEX job_recipients_sent ON job_recipients (status, sent_at);

CREATE TABLE scheduled_messages (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id  TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL,
    recipient  TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    send_at    TIMESTAMPTZ    NOT NULL,
    timezone   TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    message_id TEXT,
    error      TEXT,
    created_at TIMESTAMPTZ    NOT NULL,
    sent_at    TIMESTAMPTZ
);
CREATE INDEX scheduled_due ON scheduled_messages (status, send_at);
