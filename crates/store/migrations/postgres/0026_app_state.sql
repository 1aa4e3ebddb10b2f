-- WhatsApp's app state (syncd) as this device last saw it: what the account's devices share
-- about chats (pinned, archived, muted, marked unread), starred messages, and WhatsApp Business
-- labels. Written when the gateway makes a change and when a patch from the phone arrives;
-- everything goes with its device.
CREATE TABLE chat_flags (
    device_id     TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat_jid      TEXT NOT NULL,
    pinned        BOOLEAN NOT NULL,
    archived      BOOLEAN NOT NULL,
    muted         BOOLEAN NOT NULL,
    -- NULL with muted: muted without end.
    muted_until   TIMESTAMPTZ,
    marked_unread BOOLEAN NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, chat_jid)
);

-- A starred message is known by its WhatsApp id: the phone may star one this gateway never
-- stored (before linking), and the star should still be listed once the message is stored.
CREATE TABLE starred_messages (
    device_id  TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat_jid   TEXT NOT NULL,
    message_id TEXT NOT NULL,
    from_me    BOOLEAN NOT NULL,
    starred_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, chat_jid, message_id)
);
CREATE INDEX starred_messages_recent ON starred_messages (device_id, starred_at);

CREATE TABLE labels (
    device_id  TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    label_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    color      INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, label_id)
);

-- No reference to labels: the phone's patches may put a label on a chat before the patch that
-- creates the label arrives.
CREATE TABLE chat_labels (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    label_id  TEXT NOT NULL,
    chat_jid  TEXT NOT NULL,
    PRIMARY KEY (device_id, label_id, chat_jid)
);

-- Whether the device reports its contacts' status updates (stories); off unless set.
CREATE TABLE device_status_settings (
    device_id  TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    receive    BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
