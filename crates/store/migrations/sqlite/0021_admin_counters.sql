-- The admin view at ten million messages (issue 13): the system's message total and the chats
-- active since a day read counters kept per device, not every chat. Kept from chat_activity,
-- whose rows the message triggers (0018) already maintain, so no write path can forget them.

-- Each device's stored messages (edits, deletions and reactions are not messages of their own).
CREATE TABLE device_message_totals (
    device_id TEXT    PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    messages  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- How many of a device's chats have their latest message in each UTC day: the chats active
-- since a time are the whole days after it plus the chats of its own day, read by time.
CREATE TABLE chat_activity_days (
    day       INTEGER NOT NULL,
    device_id TEXT    NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    chats     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, device_id)
) WITHOUT ROWID;
CREATE INDEX chat_activity_days_device ON chat_activity_days (device_id, day);

CREATE TRIGGER chat_activity_added AFTER INSERT ON chat_activity
BEGIN
    INSERT INTO device_message_totals (device_id, messages) VALUES (NEW.device_id, NEW.messages)
    ON CONFLICT (device_id) DO UPDATE SET messages = messages + excluded.messages;
    INSERT INTO chat_activity_days (day, device_id, chats)
    VALUES (NEW.last_at / 86400 * 86400, NEW.device_id, 1)
    ON CONFLICT (day, device_id) DO UPDATE SET chats = chats + 1;
END;

CREATE TRIGGER chat_activity_counted AFTER UPDATE OF messages ON chat_activity
WHEN NEW.messages <> OLD.messages
BEGIN
    UPDATE device_message_totals SET messages = messages + NEW.messages - OLD.messages
    WHERE device_id = NEW.device_id;
END;

-- A chat moves to another day only at its first message of that day.
CREATE TRIGGER chat_activity_moved AFTER UPDATE OF last_at ON chat_activity
WHEN NEW.last_at / 86400 <> OLD.last_at / 86400
BEGIN
    UPDATE chat_activity_days SET chats = chats - 1
    WHERE day = OLD.last_at / 86400 * 86400 AND device_id = OLD.device_id;
    INSERT INTO chat_activity_days (day, device_id, chats)
    VALUES (NEW.last_at / 86400 * 86400, NEW.device_id, 1)
    ON CONFLICT (day, device_id) DO UPDATE SET chats = chats + 1;
END;

CREATE TRIGGER chat_activity_removed AFTER DELETE ON chat_activity
BEGIN
    UPDATE device_message_totals SET messages = messages - OLD.messages
    WHERE device_id = OLD.device_id;
    UPDATE chat_activity_days SET chats = chats - 1
    WHERE day = OLD.last_at / 86400 * 86400 AND device_id = OLD.device_id;
END;

-- What is already stored counts too.
INSERT INTO device_message_totals (device_id, messages)
SELECT device_id, SUM(messages) FROM chat_activity GROUP BY device_id;
INSERT INTO chat_activity_days (day, device_id, chats)
SELECT last_at / 86400 * 86400, device_id, COUNT(*) FROM chat_activity GROUP BY 1, 2;

-- Zones whose offset is not a whole number of hours (India, Nepal, ...) need each hour split at
-- its quarters: the hour counters keep the first three quarters' counts (the fourth is the rest),
-- kept from the 15-minute counters' changes, so those zones read one row per hour too instead of
-- four.
ALTER TABLE message_stats_hours ADD COLUMN q0_outbound INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats_hours ADD COLUMN q0_inbound INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats_hours ADD COLUMN q0_failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats_hours ADD COLUMN q1_outbound INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats_hours ADD COLUMN q1_inbound INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats_hours ADD COLUMN q1_failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats_hours ADD COLUMN q2_outbound INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats_hours ADD COLUMN q2_inbound INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_stats_hours ADD COLUMN q2_failed INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER message_stats_quarters_added AFTER INSERT ON message_stats
WHEN NEW.bucket % 3600 / 900 < 3
BEGIN
    INSERT INTO message_stats_hours (hour, device_id, q0_outbound, q0_inbound, q0_failed, q1_outbound, q1_inbound, q1_failed, q2_outbound, q2_inbound, q2_failed)
    VALUES (NEW.bucket / 3600 * 3600, NEW.device_id,
            CASE WHEN NEW.bucket % 3600 / 900 = 0 THEN NEW.outbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 0 THEN NEW.inbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 0 THEN NEW.failed ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 1 THEN NEW.outbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 1 THEN NEW.inbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 1 THEN NEW.failed ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 2 THEN NEW.outbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 2 THEN NEW.inbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 2 THEN NEW.failed ELSE 0 END)
    ON CONFLICT (hour, device_id) DO UPDATE SET
        q0_outbound = q0_outbound + excluded.q0_outbound,
        q0_inbound = q0_inbound + excluded.q0_inbound,
        q0_failed = q0_failed + excluded.q0_failed,
        q1_outbound = q1_outbound + excluded.q1_outbound,
        q1_inbound = q1_inbound + excluded.q1_inbound,
        q1_failed = q1_failed + excluded.q1_failed,
        q2_outbound = q2_outbound + excluded.q2_outbound,
        q2_inbound = q2_inbound + excluded.q2_inbound,
        q2_failed = q2_failed + excluded.q2_failed;
END;

CREATE TRIGGER message_stats_quarters_changed AFTER UPDATE ON message_stats
WHEN NEW.bucket % 3600 / 900 < 3 AND (NEW.outbound <> OLD.outbound OR NEW.inbound <> OLD.inbound OR NEW.failed <> OLD.failed)
BEGIN
    INSERT INTO message_stats_hours (hour, device_id, q0_outbound, q0_inbound, q0_failed, q1_outbound, q1_inbound, q1_failed, q2_outbound, q2_inbound, q2_failed)
    VALUES (NEW.bucket / 3600 * 3600, NEW.device_id,
            CASE WHEN NEW.bucket % 3600 / 900 = 0 THEN NEW.outbound - OLD.outbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 0 THEN NEW.inbound - OLD.inbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 0 THEN NEW.failed - OLD.failed ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 1 THEN NEW.outbound - OLD.outbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 1 THEN NEW.inbound - OLD.inbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 1 THEN NEW.failed - OLD.failed ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 2 THEN NEW.outbound - OLD.outbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 2 THEN NEW.inbound - OLD.inbound ELSE 0 END,
            CASE WHEN NEW.bucket % 3600 / 900 = 2 THEN NEW.failed - OLD.failed ELSE 0 END)
    ON CONFLICT (hour, device_id) DO UPDATE SET
        q0_outbound = q0_outbound + excluded.q0_outbound,
        q0_inbound = q0_inbound + excluded.q0_inbound,
        q0_failed = q0_failed + excluded.q0_failed,
        q1_outbound = q1_outbound + excluded.q1_outbound,
        q1_inbound = q1_inbound + excluded.q1_inbound,
        q1_failed = q1_failed + excluded.q1_failed,
        q2_outbound = q2_outbound + excluded.q2_outbound,
        q2_inbound = q2_inbound + excluded.q2_inbound,
        q2_failed = q2_failed + excluded.q2_failed;
END;

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
