-- Bulk-send jobs with their recipients, and scheduled messages.
CREATE TABLE jobs (
    job_id       TEXT PRIMARY KEY,
    device_id    TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    message      TEXT    NOT NULL,
    media        TEXT,
    pacing       TEXT    NOT NULL,
    stop_reason  TEXT,
    next_send_at TEXT,
    created_at   TEXT    NOT NULL,
    finished_at  TEXT
);
CREATE INDEX jobs_due ON jobs (status, next_send_at);
CREATE INDEX jobs_device ON jobs (device_id);

CREATE TABLE job_recipients (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id     TEXT    NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    phone      TEXT    NOT NULL,
    variables  TEXT    NOT NULL DEFAULT '{}',
    status     TEXT    NOT NULL,
    message_id TEXT,
    error      TEXT,
    sent_at    TEXT
);
CREATE UNIQUE INDEX job_recipients_position ON job_recipients (job_id, position);
CREATE INDEX job_recipients_status ON job_recipients (job_id, status, position);
CREATE INDEX job_recipients_sent ON job_recipients (status, sent_at);

CREATE TABLE scheduled_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id  TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    recipient  TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    send_at    TEXT    NOT NULL,
    timezone   TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    message_id TEXT,
    error      TEXT,
    created_at TEXT    NOT NULL,
    sent_at    TEXT
);
CREATE INDEX scheduled_due ON scheduled_messages (status, send_at);
