-- Whether a device stores the message history its phone sends right after linking. Off unless
-- the user opts in: the history holds every recent conversation on the phone, more than a
-- gateway that only serves new messages should keep. The row goes with its device.
CREATE TABLE device_history_sync (
    device_id  TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    enabled    BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
