-- The dashboard shows dates in each user's own time zone (an IANA name such as Asia/Jakarta).
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
