-- Where each event-streaming sink (NATS JetStream, RabbitMQ) is in the event log: the id of
-- the last event its broker acknowledged. A sink starts at the end of the log the first time
-- it runs, like a new webhook.
CREATE TABLE event_sinks (
    name          TEXT PRIMARY KEY,
    last_event_id BIGINT NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
