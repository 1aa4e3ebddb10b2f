-- The admin view at ten million messages (issue 13): the system's message total and the chats
-- active since a day read counters kept per device, not every chat. Kept from chat_activity,
-- whose rows the message triggers (0018) already maintain, so no write path can forget them.

-- Each device's stored messages (edits, deletions and reactions are not messages of their own).
CREATE TABLE device_message_totals (
    device_id TEXT   PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    messages  BIGINT NOT NULL DEFAULT 0
);

-- How many of a device's chats have their latest message in each UTC day: the chats active
-- since a time are the whole days after it plus the chats of its own day, read by time.
CREATE TABLE chat_activity_days (
    day       BIGINT NOT NULL,
    device_id TEXT   NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chats     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, device_id)
);
CREATE INDEX chat_activity_days_device ON chat_activity_days (device_id, day);

CREATE FUNCTION chat_activity_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO device_message_totals AS t (device_id, messages)
        VALUES (NEW.device_id, NEW.messages)
        ON CONFLICT (device_id) DO UPDATE SET messages = t.messages + EXCLUDED.messages;
        INSERT INTO chat_activity_days AS d (day, device_id, chats)
        VALUES (NEW.last_at / 86400 * 86400, NEW.device_id, 1)
        ON CONFLICT (day, device_id) DO UPDATE SET chats = d.chats + 1;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE device_message_totals SET messages = messages - OLD.messages
        WHERE device_id = OLD.device_id;
        UPDATE chat_activity_days SET chats = chats - 1
        WHERE day = OLD.last_at / 86400 * 86400 AND device_id = OLD.device_id;
        RETURN NULL;
    END IF;
    IF NEW.messages <> OLD.messages THEN
        UPDATE device_message_totals SET messages = messages + NEW.messages - OLD.messages
        WHERE device_id = NEW.device_id;
    END IF;
    -- A chat moves to another day only at its first message of that day.
    IF NEW.last_at / 86400 <> OLD.last_at / 86400 THEN
        UPDATE chat_activity_days SET chats = chats - 1
        WHERE day = OLD.last_at / 86400 * 86400 AND device_id = OLD.device_id;
        INSERT INTO chat_activity_days AS d (day, device_id, chats)
        VALUES (NEW.last_at / 86400 * 86400, NEW.device_id, 1)
        ON CONFLICT (day, device_id) DO UPDATE SET chats = d.chats + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER chat_activity_rollup AFTER INSERT OR UPDATE OR DELETE ON chat_activity
FOR EACH ROW EXECUTE FUNCTION chat_activity_rollup();

-- What is already stored counts too.
INSERT INTO device_message_totals (device_id, messages)
SELECT device_id, SUM(messages) FROM chat_activity GROUP BY device_id;
INSERT INTO chat_activity_days (day, device_id, chats)
SELECT last_at / 86400 * 86400, device_id, COUNT(*) FROM chat_activity GROUP BY 1, 2;

-- Zones whose offset is not a whole number of hours (India, Nepal, ...) need each hour split at
-- its quarters: the hour counters keep the first three quarters' counts (the fourth is the rest),
-- kept from the 15-minute counters' changes, so those zones read one row per hour too instead of
-- four.
ALTER TABLE message_stats_hours
    ADD COLUMN q0_outbound BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN q0_inbound BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN q0_failed BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN q1_outbound BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN q1_inbound BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN q1_failed BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN q2_outbound BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN q2_inbound BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN q2_failed BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION message_stats_quarters() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    q BIGINT := NEW.bucket % 3600 / 900;
    d_outbound BIGINT := NEW.outbound;
    d_inbound BIGINT := NEW.inbound;
    d_failed BIGINT := NEW.failed;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        d_outbound := d_outbound - OLD.outbound;
        d_inbound := d_inbound - OLD.inbound;
        d_failed := d_failed - OLD.failed;
    END IF;
    IF q = 3 OR (d_outbound = 0 AND d_inbound = 0 AND d_failed = 0) THEN
        RETURN NULL;
    END IF;
    INSERT INTO message_stats_hours AS h (device_id, hour, q0_outbound, q0_inbound, q0_failed, q1_outbound, q1_inbound, q1_failed, q2_outbound, q2_inbound, q2_failed)
    VALUES (NEW.device_id, NEW.bucket / 3600 * 3600,
            CASE WHEN q = 0 THEN d_outbound ELSE 0 END,
            CASE WHEN q = 0 THEN d_inbound ELSE 0 END,
            CASE WHEN q = 0 THEN d_failed ELSE 0 END,
            CASE WHEN q = 1 THEN d_outbound ELSE 0 END,
            CASE WHEN q = 1 THEN d_inbound ELSE 0 END,
            CASE WHEN q = 1 THEN d_failed ELSE 0 END,
            CASE WHEN q = 2 THEN d_outbound ELSE 0 END,
            CASE WHEN q = 2 THEN d_inbound ELSE 0 END,
            CASE WHEN q = 2 THEN d_failed ELSE 0 END)
    ON CONFLICT (device_id, hour) DO UPDATE SET
        q0_outbound = h.q0_outbound + EXCLUDED.q0_outbound,
        q0_inbound = h.q0_inbound + EXCLUDED.q0_inbound,
        q0_failed = h.q0_failed + EXCLUDED.q0_failed,
        q1_outbound = h.q1_outbound + EXCLUDED.q1_outbound,
        q1_inbound = h.q1_inbound + EXCLUDED.q1_inbound,
        q1_failed = h.q1_failed + EXCLUDED.q1_failed,
        q2_outbound = h.q2_outbound + EXCLUDED.q2_outbound,
        q2_inbound = h.q2_inbound + EXCLUDED.q2_inbound,
        q2_failed = h.q2_failed + EXCLUDED.q2_failed;
    RETURN NULL;
END $$;

CREATE TRIGGER message_stats_quarters AFTER INSERT OR UPDATE ON message_stats FOR EACH ROW
EXECUTE FUNCTION message_stats_quarters();

-- What is already counted is split too.
UPDATE message_stats_hours SET q0_outbound = q.q0_outbound, q0_inbound = q.q0_inbound, q0_failed = q.q0_failed, q1_outbound = q.q1_outbound, q1_inbound = q.q1_inbound, q1_failed = q.q1_failed, q2_outbound = q.q2_outbound, q2_inbound = q.q2_inbound, q2_failed = q.q2_failed
FROM (SELECT device_id, bucket / 3600 * 3600 AS hour,
       SUM(CASE WHEN bucket % 3600 / 900 = 0 THEN outbound ELSE 0 END) AS q0_outbound,
       SUM(CASE WHEN bucket % 3600 / 900 = 0 THEN inbound ELSE 0 END) AS q0_inbound,
       SUM(CASE WHEN bucket % 3600 / 900 = 0 THEN failed ELSE 0 END) AS q0_failed,
       SUM(CASE WHEN bucket % 3600 / 900 = 1 THEN outbound ELSE 0 END) AS q1_outbound,
       SUM(CASE WHEN bucket % 3600 / 900 = 1 THEN inbound ELSE 0 END) AS q1_inbound,
       SUM(CASE WHEN bucket % 3600 / 900 = 1 THEN failed ELSE 0 END) AS q1_failed,
       SUM(CASE WHEN bucket % 3600 / 900 = 2 THEN outbound ELSE 0 END) AS q2_outbound,
       SUM(CASE WHEN bucket % 3600 / 900 = 2 THEN inbound ELSE 0 END) AS q2_inbound,
       SUM(CASE WHEN bucket % 3600 / 900 = 2 THEN failed ELSE 0 END) AS q2_failed
      FROM message_stats GROUP BY 1, 2) AS q
WHERE q.device_id = message_stats_hours.device_id AND q.hour = message_stats_hours.hour;
