-- Session state of the real WhatsApp engine (whatsapp-rust's storage traits): credentials,
-- Signal keys, app-state sync and protocol caches. Every row belongs to one device and goes
-- with it; `wa_` keeps these tables apart from Gerbang's own.

CREATE TABLE wa_device (
    device_id TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    data      BYTEA NOT NULL
);

CREATE TABLE wa_identities (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    address   TEXT NOT NULL,
    key       BYTEA NOT NULL,
    PRIMARY KEY (device_id, address)
);

CREATE TABLE wa_sessions (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    address   TEXT NOT NULL,
    record    BYTEA NOT NULL,
    PRIMARY KEY (device_id, address)
);

CREATE TABLE wa_prekeys (
    device_id TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    id        BIGINT  NOT NULL,
    record    BYTEA   NOT NULL,
    uploaded  BOOLEAN NOT NULL,
    PRIMARY KEY (device_id, id)
);

CREATE TABLE wa_signed_prekeys (
    device_id TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    id        BIGINT  NOT NULL,
    record    BYTEA   NOT NULL,
    PRIMARY KEY (device_id, id)
);

CREATE TABLE wa_sender_keys (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    address   TEXT NOT NULL,
    record    BYTEA NOT NULL,
    PRIMARY KEY (device_id, address)
);

CREATE TABLE wa_sync_keys (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    key_id    BYTEA NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (device_id, key_id)
);

-- The key id most recently written, which is not necessarily the largest one.
CREATE TABLE wa_latest_sync_key (
    device_id TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    key_id    BYTEA NOT NULL
);

CREATE TABLE wa_app_state_versions (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (device_id, name)
);

CREATE TABLE wa_mutation_macs (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    index_mac BYTEA NOT NULL,
    value_mac BYTEA NOT NULL,
    PRIMARY KEY (device_id, name, index_mac)
);

CREATE TABLE wa_sender_key_devices (
    device_id  TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    group_jid  TEXT    NOT NULL,
    device_jid TEXT    NOT NULL,
    has_key    BOOLEAN NOT NULL,
    PRIMARY KEY (device_id, group_jid, device_jid)
);

CREATE TABLE wa_lid_mappings (
    device_id       TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    lid             TEXT    NOT NULL,
    phone_number    TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    learning_source TEXT    NOT NULL,
    PRIMARY KEY (device_id, lid)
);

-- Phone number -> LID, kept separately (as whatsapp-rust's reference store does) because a
-- remapped LID retires its old number's entry even when another LID still names that number.
CREATE TABLE wa_pn_to_lid (
    device_id    TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    phone_number TEXT NOT NULL,
    lid          TEXT NOT NULL,
    PRIMARY KEY (device_id, phone_number)
);

CREATE TABLE wa_base_keys (
    device_id  TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    base_key   BYTEA NOT NULL,
    PRIMARY KEY (device_id, address, message_id)
);

CREATE TABLE wa_device_lists (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (device_id, user_id)
);

CREATE TABLE wa_group_metadata (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    group_jid TEXT NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (device_id, group_jid)
);

CREATE TABLE wa_tc_tokens (
    device_id        TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    jid              TEXT    NOT NULL,
    token            BYTEA   NOT NULL,
    token_timestamp  BIGINT  NOT NULL,
    sender_timestamp BIGINT ,
    PRIMARY KEY (device_id, jid)
);

CREATE TABLE wa_sent_messages (
    device_id  TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat_jid   TEXT    NOT NULL,
    message_id TEXT    NOT NULL,
    payload    BYTEA   NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (device_id, chat_jid, message_id)
);

CREATE TABLE wa_pending_inbound (
    device_id  TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat       TEXT    NOT NULL,
    sender     TEXT    NOT NULL,
    message_id TEXT    NOT NULL,
    message    BYTEA   NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (device_id, chat, sender, message_id)
);

CREATE TABLE wa_msg_secrets (
    device_id  TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat       TEXT    NOT NULL,
    sender     TEXT    NOT NULL,
    message_id TEXT    NOT NULL,
    secret     BYTEA   NOT NULL,
    expires_at BIGINT  NOT NULL,
    message_ts BIGINT  NOT NULL,
    PRIMARY KEY (device_id, chat, sender, message_id)
);
