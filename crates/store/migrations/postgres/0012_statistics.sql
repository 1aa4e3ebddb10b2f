-- Statistics over long histories without scanning messages: triggers keep per-device counters
-- in 15-minute UTC slots (every time zone's offset is a multiple of 15 minutes, so the slots add
-- up to exact local days and hours), conversations waiting for a first answer, and each
-- device's connection history (for uptime, reconnects and errors).

CREATE TABLE message_stats (
    device_id TEXT   NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    -- Unix seconds at the start of the slot.
    bucket    BIGINT NOT NULL,
    outbound  BIGINT NOT NULL DEFAULT 0,
    inbound   BIGINT NOT NULL DEFAULT 0,
    failed    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, bucket)
);
CREATE INDEX message_stats_bucket ON message_stats (bucket);

-- One row per inbound message that opened a wait (no wait open yet in that chat); the first
-- outbound message in the chat answers it. Direct chats only: in a group nobody owes an answer.
CREATE TABLE chat_waits (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id   TEXT   NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat_jid    TEXT   NOT NULL,
    asked_at    BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE UNIQUE INDEX chat_waits_open ON chat_waits (device_id, chat_jid) WHERE answered_at IS NULL;
CREATE INDEX chat_waits_asked ON chat_waits (device_id, asked_at);
-- The admin view reads every device's waits of a period.
CREATE INDEX chat_waits_period ON chat_waits (asked_at);

-- Each chat's latest message time: the chats active in a period that reaches the present are
-- those written in since its start, counted without touching messages.
CREATE TABLE chat_activity (
    device_id TEXT   NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chat_jid  TEXT   NOT NULL,
    last_at   BIGINT NOT NULL,
    PRIMARY KEY (device_id, chat_jid)
);
CREATE INDEX chat_activity_last ON chat_activity (last_at);
CREATE INDEX chat_activity_device ON chat_activity (device_id, last_at);

CREATE TABLE device_connections (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id TEXT        NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    status    TEXT        NOT NULL,
    reason    TEXT,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_connections_device ON device_connections (device_id, id);

-- Active chats in a period that ended before now are counted from messages themselves.
CREATE INDEX messages_device_time ON messages (device_id, timestamp, chat_jid);
CREATE INDEX audit_logs_actor ON audit_logs (actor_id, id);

CREATE FUNCTION message_stats_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ts BIGINT := floor(extract(epoch FROM NEW.timestamp))::BIGINT;
BEGIN
    INSERT INTO message_stats AS s (device_id, bucket, outbound, inbound, failed)
    VALUES (NEW.device_id, ts / 900 * 900,
            CASE WHEN NEW.from_me THEN 1 ELSE 0 END, CASE WHEN NEW.from_me THEN 0 ELSE 1 END,
            CASE WHEN NEW.status = 'failed' THEN 1 ELSE 0 END)
    ON CONFLICT (device_id, bucket) DO UPDATE SET outbound = s.outbound + EXCLUDED.outbound,
        inbound = s.inbound + EXCLUDED.inbound, failed = s.failed + EXCLUDED.failed;
    INSERT INTO chat_activity AS a (device_id, chat_jid, last_at)
    VALUES (NEW.device_id, NEW.chat_jid, ts)
    ON CONFLICT (device_id, chat_jid) DO UPDATE SET last_at = GREATEST(a.last_at, EXCLUDED.last_at);
    IF NEW.from_me THEN
        UPDATE chat_waits SET answered_at = ts
        WHERE device_id = NEW.device_id AND chat_jid = NEW.chat_jid
          AND answered_at IS NULL AND asked_at <= ts;
    ELSIF NEW.chat_jid LIKE '%@s.whatsapp.net' OR NEW.chat_jid LIKE '%@lid' THEN
        INSERT INTO chat_waits (device_id, chat_jid, asked_at)
        VALUES (NEW.device_id, NEW.chat_jid, ts) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER message_stats_insert AFTER INSERT ON messages FOR EACH ROW
WHEN (NEW.message_type NOT IN ('edit', 'revoke', 'reaction'))
EXECUTE FUNCTION message_stats_on_insert();

CREATE FUNCTION message_stats_on_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE message_stats SET failed = failed + CASE WHEN NEW.status = 'failed' THEN 1 ELSE -1 END
    WHERE device_id = NEW.device_id
      AND bucket = floor(extract(epoch FROM NEW.timestamp))::BIGINT / 900 * 900;
    RETURN NULL;
END $$;

CREATE TRIGGER message_stats_status AFTER UPDATE OF status ON messages FOR EACH ROW
WHEN ((NEW.status = 'failed') <> (OLD.status = 'failed')
      AND NEW.message_type NOT IN ('edit', 'revoke', 'reaction'))
EXECUTE FUNCTION message_stats_on_status();

CREATE FUNCTION device_connections_on_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO device_connections (device_id, status, reason, at)
    VALUES (NEW.device_id, NEW.status,
            -- A reason set by this very update (a drop before a retry) or a stop's reason;
            -- not the stale one a later reconnect leaves in place.
            CASE WHEN NEW.status IN ('connected', 'qr_required') THEN NULL
                 WHEN NEW.status IN ('disconnected', 'logged_out', 'banned')
                   OR NEW.last_disconnect_reason IS DISTINCT FROM OLD.last_disconnect_reason
                 THEN NEW.last_disconnect_reason END,
            NEW.updated_at);
    RETURN NULL;
END $$;

CREATE TRIGGER device_connections_log AFTER UPDATE OF status ON devices FOR EACH ROW
WHEN (NEW.status IS DISTINCT FROM OLD.status)
EXECUTE FUNCTION device_connections_on_status();

-- Messages already stored count too.
INSERT INTO message_stats (device_id, bucket, outbound, inbound, failed)
SELECT device_id, floor(extract(epoch FROM timestamp))::BIGINT / 900 * 900,
       SUM(CASE WHEN from_me THEN 1 ELSE 0 END), SUM(CASE WHEN from_me THEN 0 ELSE 1 END),
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END)
FROM messages WHERE message_type NOT IN ('edit', 'revoke', 'reaction')
GROUP BY 1, 2;

INSERT INTO chat_activity (device_id, chat_jid, last_at)
SELECT device_id, chat_jid, MAX(floor(extract(epoch FROM timestamp))::BIGINT)
FROM messages WHERE message_type NOT IN ('edit', 'revoke', 'reaction')
GROUP BY 1, 2;

-- Profile photos, small (checked images of at most 1 MiB), kept with the account.
CREATE TABLE user_photos (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mime       TEXT NOT NULL,
    data       BYTEA NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
