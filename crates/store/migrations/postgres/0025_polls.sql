-- Polls. WhatsApp encrypts every vote with a secret that travels with the poll (the creator
-- makes it; each recipient gets it in the poll message), so the secret of each poll a device
-- sent or received is kept to open the votes that follow. It stays out of the message row,
-- which webhooks and the API show.
CREATE TABLE poll_secrets (
    device_id  TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    secret     BYTEA NOT NULL,
    PRIMARY KEY (device_id, message_id)
);

-- The current vote of each voter of a poll (a new vote replaces the voter's earlier one, as on
-- WhatsApp; an empty selection is a vote taken back). `selected` is a JSON array of option names.
CREATE TABLE poll_votes (
    device_id   TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    poll_id     TEXT NOT NULL,
    voter_jid   TEXT NOT NULL,
    voter_phone TEXT,
    from_me     BOOLEAN NOT NULL,
    selected    TEXT NOT NULL,
    vote_id     TEXT NOT NULL,
    voted_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, poll_id, voter_jid)
);

-- The disappearing-message timer of each chat, as last set from here or by the contact (no row:
-- off). Messages sent in the chat carry it, as WhatsApp's clients do.
CREATE TABLE chat_timers (
    device_id  TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat_jid   TEXT NOT NULL,
    seconds    BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, chat_jid)
);
