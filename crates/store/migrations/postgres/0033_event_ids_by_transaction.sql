-- Event ids that commit in order without one global lock.
--
-- Before, every transaction that appended an event took one advisory lock until it committed,
-- so ids became visible in order; it also made every writer wait for every other writer's commit.
-- Now an event's id is derived from its transaction's id (xid8, never wraps):
--     id = base + xid * 65536 + n      (n: the event's place in its transaction)
-- and readers only hand out ids below a horizon (`event_horizon()`) under which every
-- transaction that could still add an event has finished. Concurrent writers commit together
-- (PostgreSQL groups their WAL flushes) and a reader never skips an event that commits late.
-- `base` keeps new ids above every id already stored.

DO $migration$
DECLARE
    base bigint;
BEGIN
    SELECT COALESCE(MAX(id), 0) + 1 - pg_current_xact_id()::text::bigint * 65536
      INTO base FROM events;

    EXECUTE format($f$
        CREATE FUNCTION next_event_id() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $body$
        DECLARE
            n bigint := COALESCE(NULLIF(current_setting('gerbang.event_n', true), ''), '0')::bigint;
        BEGIN
            IF n >= 65536 THEN
                RAISE EXCEPTION 'more than 65536 events in one transaction';
            END IF;
            -- Transaction-local: starts again at 0 in the next transaction.
            PERFORM set_config('gerbang.event_n', (n + 1)::text, true);
            RETURN %1$s + pg_current_xact_id()::text::bigint * 65536 + n;
        END $body$;
    $f$, base);

    -- The lowest id a transaction still running (or not yet started) can give an event: every
    -- id below it is final. Transactions of other databases on the same server do not count.
    -- Read it in a statement of its own, before the read it guards, so that read's snapshot is
    -- later and sees everything below it.
    EXECUTE format($f$
        CREATE FUNCTION event_horizon() RETURNS bigint LANGUAGE sql VOLATILE AS $body$
            WITH snap AS (
                SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax
            ), running AS (
                -- backend_xid is 32 bits: widen it next to xmax (it is within 2^31 of it).
                SELECT snap.xmax - (((snap.xmax - a.backend_xid::text::bigint + 2147483648)
                                     %% 4294967296 + 4294967296) %% 4294967296 - 2147483648) AS xid
                  FROM pg_stat_activity a, snap
                 WHERE a.datid = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND a.backend_xid IS NOT NULL
            )
            SELECT %1$s + LEAST((SELECT xmax FROM snap),
                                COALESCE((SELECT MIN(xid) FROM running), (SELECT xmax FROM snap)))
                          * 65536
        $body$;
    $f$, base);
END
$migration$;

ALTER TABLE events ALTER COLUMN id DROP IDENTITY;
ALTER TABLE events ALTER COLUMN id SET DEFAULT next_event_id();
