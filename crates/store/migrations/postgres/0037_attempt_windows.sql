-- Attempts per key (a client address) in a fixed window, counted in the database so that a
-- limit such as sign-in holds across every node of a cluster rather than per node.
CREATE TABLE attempt_windows (
    key TEXT PRIMARY KEY,
    ends_at TIMESTAMPTZ NOT NULL,
    count INTEGER NOT NULL
);
