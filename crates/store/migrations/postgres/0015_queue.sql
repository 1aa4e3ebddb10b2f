-- Seed 003's queue on the job machinery: how often a recipient's send failed in a way safe to
-- retry, and each device's queue settings (pace, attempts, paused).
ALTER TABLE job_recipients ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;

CREATE TABLE queue_settings (
    device_id    TEXT        PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    max_attempts BIGINT      NOT NULL,
    interval_ms  BIGINT      NOT NULL,
    batch_size   BIGINT      NOT NULL,
    paused       BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX jobs_device_kind ON jobs (device_id, kind, status);
