-- Run log, staging area and row errors. None of this is read by models; it is how a month
-- travels from the inbox to the live and snapshot tables, and how every attempt is remembered.

-- One row per attempt to ingest a month folder.
CREATE TABLE ingestion_runs (
  run_id          BIGSERIAL PRIMARY KEY,
  month           TEXT        NOT NULL,               -- folder name, e.g. month_001 or 2024-02
  as_of           DATE        NOT NULL,               -- last day of the month
  mode            TEXT        NOT NULL,               -- service (inbox) or ingest (command line)
  status          TEXT        NOT NULL,               -- STAGING, VALIDATING, PUBLISHED, ALREADY_PUBLISHED, REJECTED, INCOMPLETE
  started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at     TIMESTAMPTZ,
  rows_per_table  JSONB       NOT NULL DEFAULT '{}',  -- {"users": {"read": 7043, "staged": 7043, "inserted": 0, "updated": 0}, ...}
  file_checksums  JSONB       NOT NULL DEFAULT '{}',  -- {"users.csv": "sha256 hex", ...}
  content_sha256  TEXT,                               -- one digest over the six file digests
  error_summary   TEXT,
  report_path     TEXT,
  restates_run_id BIGINT REFERENCES ingestion_runs(run_id),
  stage_millis    JSONB       NOT NULL DEFAULT '{}'
);
CREATE INDEX ingestion_runs_as_of_status ON ingestion_runs (as_of, status);
-- At most one open run per month folder: files of a month join the open run.
CREATE UNIQUE INDEX ingestion_runs_one_open_per_month ON ingestion_runs (month)
  WHERE status IN ('STAGING', 'VALIDATING');

-- One row per file staged in a run.
CREATE TABLE staged_files (
  run_id        BIGINT      NOT NULL REFERENCES ingestion_runs(run_id) ON DELETE CASCADE,
  table_name    TEXT        NOT NULL,
  file_name     TEXT        NOT NULL,
  sha256        TEXT        NOT NULL,
  bytes         BIGINT      NOT NULL,
  rows_read     INT         NOT NULL,
  rows_staged   INT         NOT NULL,
  staged_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, table_name)
);

-- Every failed check, down to the row and column. line_no 1 is the header; 0 is the file itself.
CREATE TABLE staging_errors (
  run_id      BIGINT NOT NULL REFERENCES ingestion_runs(run_id) ON DELETE CASCADE,
  table_name  TEXT   NOT NULL,
  line_no     INT    NOT NULL,
  column_name TEXT   NOT NULL DEFAULT '',
  rule        TEXT   NOT NULL,
  value       TEXT,
  PRIMARY KEY (run_id, table_name, line_no, column_name, rule)
);

-- Staging tables: the live columns plus the run and the line each row came from.
CREATE TABLE staging_users (
  run_id BIGINT NOT NULL, line_no INT NOT NULL,
  user_id TEXT NOT NULL,
  signup_date DATE,
  user_gender TEXT,
  user_is_senior BOOLEAN,
  has_family BOOLEAN,
  has_dependents BOOLEAN,
  PRIMARY KEY (run_id, line_no)
);

CREATE TABLE staging_subscriptions (
  run_id BIGINT NOT NULL, line_no INT NOT NULL,
  user_id TEXT NOT NULL,
  months_active INT,
  plan_stream_tv BOOLEAN,
  plan_stream_movies BOOLEAN,
  contract_type TEXT,
  paperless_billing BOOLEAN,
  monthly_fee NUMERIC,
  total_paid NUMERIC,
  net_service TEXT,
  add_on_security BOOLEAN,
  add_on_backup BOOLEAN,
  add_on_device_protect BOOLEAN,
  add_on_support BOOLEAN,
  PRIMARY KEY (run_id, line_no)
);

CREATE TABLE staging_usage_agg_30d (
  run_id BIGINT NOT NULL, line_no INT NOT NULL,
  user_id TEXT NOT NULL,
  watch_hours_30d NUMERIC,
  avg_session_mins_7d NUMERIC,
  unique_devices_30d INT,
  skips_7d INT,
  rebuffer_events_7d INT,
  PRIMARY KEY (run_id, line_no)
);

CREATE TABLE staging_payments_agg_90d (
  run_id BIGINT NOT NULL, line_no INT NOT NULL,
  user_id TEXT NOT NULL,
  failed_payments_90d INT,
  PRIMARY KEY (run_id, line_no)
);

CREATE TABLE staging_support_agg_90d (
  run_id BIGINT NOT NULL, line_no INT NOT NULL,
  user_id TEXT NOT NULL,
  support_tickets_90d INT,
  ticket_avg_resolution_hrs_90d NUMERIC,
  PRIMARY KEY (run_id, line_no)
);

CREATE TABLE staging_labels (
  run_id BIGINT NOT NULL, line_no INT NOT NULL,
  user_id TEXT NOT NULL,
  churn_label BOOLEAN,
  PRIMARY KEY (run_id, line_no)
);

CREATE INDEX staging_users_user ON staging_users (run_id, user_id);
