-- Runs and the datasets they read and wrote.
--
-- The columns of runs are the ones queries filter and sort on; the whole
-- provenance.Run is kept as JSONB in record, so new record fields need no
-- migration. IDs use the C collation so that ID prefixes are byte ranges.

CREATE TABLE runs (
    id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    parent        TEXT COLLATE "C" NOT NULL DEFAULT '',
    model         TEXT        NOT NULL,
    partition_key TEXT        NOT NULL DEFAULT '',
    status        TEXT        NOT NULL,
    start_time    TIMESTAMPTZ NOT NULL,
    end_time      TIMESTAMPTZ,
    host          TEXT        NOT NULL,
    pid           INTEGER     NOT NULL,
    record        JSONB       NOT NULL
);

CREATE INDEX runs_by_start  ON runs (start_time DESC, id DESC);
CREATE INDEX runs_by_model  ON runs (model, start_time DESC);
CREATE INDEX runs_by_parent ON runs (parent, start_time DESC);
CREATE INDEX runs_by_status ON runs (status, host, pid);
CREATE INDEX runs_by_end    ON runs (end_time);

-- One row per input or output of a run, for lineage: which runs wrote
-- (or read) this location, with this content.
CREATE TABLE datasets (
    run_id      TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    direction   TEXT    NOT NULL CHECK (direction IN ('input', 'output')),
    position    INTEGER NOT NULL,
    field       TEXT    NOT NULL DEFAULT '',
    name        TEXT    NOT NULL,
    location    TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL DEFAULT '',
    records     BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, direction, position)
);

CREATE INDEX datasets_by_location    ON datasets (location, fingerprint, direction);
CREATE INDEX datasets_by_fingerprint ON datasets (fingerprint);
