-- Statistics over long histories without scanning messages: triggers keep per-device counters
-- in 15-minute UTC slots (every time zone's offset is a multiple of 15 minutes, so the slots add
-- up to exact local days and hours), conversations waiting for a first answer, and each
-- device's connection history (for uptime, reconnects and errors).

CREATE TABLE message_stats (
    device_id TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    -- Unix seconds at the start of the slot.
    bucket    INTEGER NOT NULL,
    outbound  INTEGER NOT NULL DEFAULT 0,
    inbound   INTEGER NOT NULL DEFAULT 0,
    failed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, bucket)
);
CREATE INDEX message_stats_bucket ON message_stats (bucket);

-- One row per inbound message that opened a wait (no wait open yet in that chat); the first
-- outbound message in the chat answers it. Direct chats only: in a group nobody owes an answer.
CREATE TABLE chat_waits (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id   TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat_jid    TEXT    NOT NULL,
    asked_at    INTEGER NOT NULL,
    answered_at INTEGER
);
CREATE UNIQUE INDEX chat_waits_open ON chat_waits (device_id, chat_jid) WHERE answered_at IS NULL;
CREATE INDEX chat_waits_asked ON chat_waits (device_id, asked_at);
-- The admin view reads every device's waits of a period.
CREATE INDEX chat_waits_period ON chat_waits (asked_at);

-- Each chat's latest message time: the chats active in a period that reaches the present are
-- those written in since its start, counted without touching messages.
CREATE TABLE chat_activity (
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat_jid  TEXT NOT NULL,
    last_at   INTEGER NOT NULL,
    PRIMARY KEY (device_id, chat_jid)
);
CREATE INDEX chat_activity_last ON chat_activity (last_at);
CREATE INDEX chat_activity_device ON chat_activity (device_id, last_at);

CREATE TABLE device_connections (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    status    TEXT NOT NULL,
    reason    TEXT,
    at        TEXT NOT NULL
);
CREATE INDEX device_connections_device ON device_connections (device_id, id);

-- Active chats in a period that ended before now are counted from messages themselves.
CREATE INDEX messages_device_time ON messages (device_id, timestamp, chat_jid);
-- Admin message list and exports walk all devices by id.
CREATE INDEX audit_logs_actor ON audit_logs (actor_id, id);

CREATE TRIGGER message_stats_insert AFTER INSERT ON messages
WHEN NEW.message_type NOT IN ('edit', 'revoke', 'reaction')
BEGIN
    INSERT INTO message_stats (device_id, bucket, outbound, inbound, failed)
    VALUES (NEW.device_id, (CAST(strftime('%s', NEW.timestamp) AS INTEGER) / 900) * 900,
            CASE WHEN NEW.from_me THEN 1 ELSE 0 END, CASE WHEN NEW.from_me THEN 0 ELSE 1 END,
            CASE WHEN NEW.status = 'failed' THEN 1 ELSE 0 END)
    ON CONFLICT (device_id, bucket) DO UPDATE SET outbound = outbound + excluded.outbound,
        inbound = inbound + excluded.inbound, failed = failed + excluded.failed;
    INSERT INTO chat_activity (device_id, chat_jid, last_at)
    VALUES (NEW.device_id, NEW.chat_jid, CAST(strftime('%s', NEW.timestamp) AS INTEGER))
    ON CONFLICT (device_id, chat_jid) DO UPDATE SET last_at = MAX(last_at, excluded.last_at);
    INSERT INTO chat_waits (device_id, chat_jid, asked_at)
    SELECT NEW.device_id, NEW.chat_jid, CAST(strftime('%s', NEW.timestamp) AS INTEGER)
    WHERE NOT NEW.from_me AND (NEW.chat_jid LIKE '%@s.whatsapp.net' OR NEW.chat_jid LIKE '%@lid')
    ON CONFLICT DO NOTHING;
    UPDATE chat_waits SET answered_at = CAST(strftime('%s', NEW.timestamp) AS INTEGER)
    WHERE NEW.from_me AND device_id = NEW.device_id AND chat_jid = NEW.chat_jid
      AND answered_at IS NULL AND asked_at <= CAST(strftime('%s', NEW.timestamp) AS INTEGER);
END;

CREATE TRIGGER message_stats_status AFTER UPDATE OF status ON messages
WHEN (NEW.status = 'failed') <> (OLD.status = 'failed')
  AND NEW.message_type NOT IN ('edit', 'revoke', 'reaction')
BEGIN
    UPDATE message_stats SET failed = failed + CASE WHEN NEW.status = 'failed' THEN 1 ELSE -1 END
    WHERE device_id = NEW.device_id
      AND bucket = (CAST(strftime('%s', NEW.timestamp) AS INTEGER) / 900) * 900;
END;

CREATE TRIGGER device_connections_log AFTER UPDATE OF status ON devices
WHEN NEW.status <> OLD.status
BEGIN
    INSERT INTO device_connections (device_id, status, reason, at)
    VALUES (NEW.device_id, NEW.status,
            -- A reason set by this very update (a drop before a retry) or a stop's reason;
            -- not the stale one a later reconnect leaves in place.
            CASE WHEN NEW.status IN ('connected', 'qr_required') THEN NULL
                 WHEN NEW.status IN ('disconnected', 'logged_out', 'banned')
                   OR NEW.last_disconnect_reason IS NOT OLD.last_disconnect_reason
                 THEN NEW.last_disconnect_reason END,
            NEW.updated_at);
END;

-- Messages already stored count too.
INSERT INTO message_stats (device_id, bucket, outbound, inbound, failed)
SELECT device_id, (CAST(strftime('%s', timestamp) AS INTEGER) / 900) * 900,
       SUM(CASE WHEN from_me THEN 1 ELSE 0 END), SUM(CASE WHEN from_me THEN 0 ELSE 1 END),
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END)
FROM messages WHERE message_type NOT IN ('edit', 'revoke', 'reaction')
GROUP BY 1, 2;

INSERT INTO chat_activity (device_id, chat_jid, last_at)
SELECT device_id, chat_jid, MAX(CAST(strftime('%s', timestamp) AS INTEGER))
FROM messages WHERE message_type NOT IN ('edit', 'revoke', 'reaction')
GROUP BY 1, 2;

-- Profile photos, small (checked images of at most 1 MiB), kept with the account.
CREATE TABLE user_photos (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mime       TEXT NOT NULL,
    data       BLOB NOT NULL,
    updated_at TEXT NOT NULL
);
