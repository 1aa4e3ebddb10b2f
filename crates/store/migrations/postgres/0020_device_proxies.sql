-- A device's own outbound proxy for the real engine (WebSocket and media), over the global
-- `proxy_url`. The URL keeps its password: the engine needs it to log in to the proxy; the API
-- never answers it. The row goes with its device.
CREATE TABLE device_proxies (
    device_id  TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    url        TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
