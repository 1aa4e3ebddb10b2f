-- Each job's recipients counted by state, kept by triggers as recipients are added, change state
-- or go: reading a job's progress was a GROUP BY over every recipient of every job ever stored
-- (1.35 ms at 5k rows, 72 ms at 250k), read after each message a job sent.
CREATE TABLE job_counts (
    job_id TEXT    NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    status TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (job_id, status)
) WITHOUT ROWID;

INSERT INTO job_counts (job_id, status, n)
SELECT job_id, status, COUNT(*) FROM job_recipients GROUP BY job_id, status;

CREATE TRIGGER job_counts_insert AFTER INSERT ON job_recipients
BEGIN
    INSERT INTO job_counts (job_id, status, n) VALUES (NEW.job_id, NEW.status, 1)
    ON CONFLICT (job_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER job_counts_update AFTER UPDATE OF status ON job_recipients
WHEN OLD.status IS NOT NEW.status
BEGIN
    UPDATE job_counts SET n = n - 1 WHERE job_id = OLD.job_id AND status = OLD.status;
    INSERT INTO job_counts (job_id, status, n) VALUES (NEW.job_id, NEW.status, 1)
    ON CONFLICT (job_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER job_counts_delete AFTER DELETE ON job_recipients
BEGIN
    UPDATE job_counts SET n = n - 1 WHERE job_id = OLD.job_id AND status = OLD.status;
END;
