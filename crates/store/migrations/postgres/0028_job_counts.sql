-- Each job's recipients counted by state, kept by triggers as recipients are added, change state
-- or go: reading a job's progress was a GROUP BY over every recipient of every job ever stored
-- (1.35 ms at 5k rows, 72 ms at 250k), read after each message a job sent.
CREATE TABLE job_counts (
    job_id TEXT   NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    status TEXT   NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (job_id, status)
);

INSERT INTO job_counts (job_id, status, n)
SELECT job_id, status, COUNT(*) FROM job_recipients GROUP BY job_id, status;

CREATE FUNCTION job_counts_add(job TEXT, state TEXT, delta BIGINT) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO job_counts AS c (job_id, status, n) VALUES (job, state, delta)
    ON CONFLICT (job_id, status) DO UPDATE SET n = c.n + EXCLUDED.n;
$$;

CREATE FUNCTION job_counts_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM job_counts_add(NEW.job_id, NEW.status, 1);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE job_counts SET n = n - 1 WHERE job_id = OLD.job_id AND status = OLD.status;
    -- Two rows of one job change together: lock them in one order (by state) so that two
    -- transactions moving recipients in opposite directions cannot deadlock.
    ELSIF OLD.status < NEW.status THEN
        PERFORM job_counts_add(OLD.job_id, OLD.status, -1);
        PERFORM job_counts_add(NEW.job_id, NEW.status, 1);
    ELSE
        PERFORM job_counts_add(NEW.job_id, NEW.status, 1);
        PERFORM job_counts_add(OLD.job_id, OLD.status, -1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER job_counts_insert AFTER INSERT ON job_recipients FOR EACH ROW
EXECUTE FUNCTION job_counts_on_change();
CREATE TRIGGER job_counts_update AFTER UPDATE OF status ON job_recipients FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION job_counts_on_change();
CREATE TRIGGER job_counts_delete AFTER DELETE ON job_recipients FOR EACH ROW
EXECUTE FUNCTION job_counts_on_change();
