-- Media is served only to a device whose messages reference it: find that row by hash.
CREATE INDEX messages_media ON messages (device_id, media_sha256) WHERE media_sha256 IS NOT NULL;
