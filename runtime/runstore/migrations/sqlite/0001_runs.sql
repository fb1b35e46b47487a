-- Runs and the datasets they read and wrote.
--
-- The columns of runs are the ones queries filter and sort on; the whole
-- provenance.Run is kept as JSON in record, so new record fields need no
-- migration. Times are Unix nanoseconds, UTC.

CREATE TABLE runs (
    id            TEXT    NOT NULL PRIMARY KEY,
    parent        TEXT    NOT NULL DEFAULT '',
    model         TEXT    NOT NULL,
    partition_key TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL,
    start_time    INTEGER NOT NULL,
    end_time      INTEGER,
    host          TEXT    NOT NULL,
    pid           INTEGER NOT NULL,
    record        TEXT    NOT NULL
) STRICT;

CREATE INDEX runs_by_start  ON runs (start_time DESC, id DESC);
CREATE INDEX runs_by_model  ON runs (model, start_time DESC);
CREATE INDEX runs_by_parent ON runs (parent, start_time DESC);
CREATE INDEX runs_by_status ON runs (status, host, pid);
CREATE INDEX runs_by_end    ON runs (end_time);

-- One row per input or output of a run, for lineage: which runs wrote
-- (or read) this location, with this content.
CREATE TABLE datasets (
    run_id      TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    direction   TEXT    NOT NULL CHECK (direction IN ('input', 'output')),
    position    INTEGER NOT NULL,
    field       TEXT    NOT NULL DEFAULT '',
    name        TEXT    NOT NULL,
    location    TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL DEFAULT '',
    records     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, direction, position)
) STRICT;

CREATE INDEX datasets_by_location    ON datasets (location, fingerprint, direction);
CREATE INDEX datasets_by_fingerprint ON datasets (fingerprint);
