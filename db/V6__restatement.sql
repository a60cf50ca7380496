-- Restatement: a published as_of may be replaced only when the user asks for it (ingest --restate,
-- or a RESTATE marker file in the month folder). The replaced run gets status RESTATED and the new
-- run names it in restates_run_id.
ALTER TABLE ingestion_runs ADD COLUMN restate_requested BOOLEAN NOT NULL DEFAULT false;
