-- Chatwoot, per device: where its account's API channel inbox is, the access token (sealed with
-- the server secret, like AI provider keys) and the hash of the secret Chatwoot's webhook calls
-- back with. The rows go with their device.
CREATE TABLE chatwoot_configs (
    device_id          TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    base_url           TEXT NOT NULL,
    account_id         INTEGER NOT NULL,
    inbox_id           INTEGER NOT NULL,
    token_cipher       TEXT NOT NULL,
    token_hint         TEXT NOT NULL,
    webhook_token_hash TEXT NOT NULL,
    enabled            BOOLEAN NOT NULL,
    last_error         TEXT,
    last_error_at      TEXT,
    updated_at         TEXT NOT NULL
);

-- The Chatwoot contact and conversation each WhatsApp number of a device talks in, so that a
-- number is looked up (or created) in Chatwoot once, and a reply finds its number again.
CREATE TABLE chatwoot_conversations (
    device_id       TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    phone           TEXT NOT NULL,
    contact_id      INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (device_id, phone)
);
CREATE INDEX chatwoot_conversations_by_id ON chatwoot_conversations (device_id, conversation_id);

-- Every WhatsApp message the bridge handled, once: `posted` (copied to Chatwoot), `from_chatwoot`
-- (sent because an agent wrote it there: never copied back) or `failed` (given up, with why).
CREATE TABLE chatwoot_messages (
    device_id           TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    message_id          TEXT NOT NULL,
    state               TEXT NOT NULL,
    chatwoot_message_id INTEGER,
    error               TEXT,
    created_at          TEXT NOT NULL,
    PRIMARY KEY (device_id, message_id)
);
CREATE INDEX chatwoot_messages_by_chatwoot_id ON chatwoot_messages (device_id, chatwoot_message_id);
