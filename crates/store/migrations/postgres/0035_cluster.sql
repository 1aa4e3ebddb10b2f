-- Several nodes on one database: who is alive, and which node runs each device (issue #17).
--
-- A lease's epoch comes from one sequence, so a new holder always has a larger epoch than any
-- holder before it, also after a lease row was deleted and taken again. Writes that matter
-- check the holder and epoch of their device's lease in their own transaction (FOR SHARE), so a
-- takeover waits for them to commit and every write after it from the old holder is refused.

CREATE SEQUENCE lease_epochs;

CREATE TABLE cluster_nodes (
    node_id      TEXT PRIMARY KEY,
    address      TEXT        NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    node_id     TEXT        NOT NULL,
    epoch       BIGINT      NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX leases_by_node ON leases (node_id);
