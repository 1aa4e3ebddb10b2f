-- Inbound messages the database refused to store: kept with the reason, so that one bad
-- message neither blocks the ones after it (WhatsApp redelivers what is not acknowledged,
-- oldest first) nor disappears. `payload` is the message as JSON bytes, exactly as received.
CREATE TABLE inbound_failures (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id  TEXT        NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    message_id TEXT        NOT NULL,
    chat_jid   TEXT        NOT NULL,
    sender_jid TEXT,
    payload    BYTEA       NOT NULL,
    reason     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX inbound_failures_device ON inbound_failures (device_id, id);

-- How far the simulator has moved the scheduler's clock ahead of real time, so that jobs
-- paced in simulated time do not wait hours of real time after a restart. One row.
CREATE TABLE sim_clock (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    offset_ms BIGINT NOT NULL
);
