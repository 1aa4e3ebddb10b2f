-- A hash of each node's node-to-node key, so that a node started with a different
-- GERBANG_JWT_SECRET than the live ones is refused instead of half-working.
ALTER TABLE cluster_nodes ADD COLUMN key_check TEXT NOT NULL DEFAULT '';
