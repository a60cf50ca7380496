-- Staging without an index: the (run_id, line_no) primary key of the staging tables goes, from the parents and
-- so from every partition (those of runs still open included).
--
-- Why: nothing reads staging by line. A file's rows are numbered by the reader in the order it reads them, one
-- run's rows live in a partition of their own, and the gate and the publish read a partition whole (hash joins,
-- sequential scans); the few queries that list failing lines sort their handful of rows. Keeping the btree up
-- to date cost a quarter of the COPY into staging (measured at 100000 users: 3.0 s of staging for two months
-- with it, 2.2 s without). The one lookup by line, whether a chunk redelivered after a broken connection was
-- committed already, becomes a scan of the run's partition, paid only on that rare path.

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'subscriptions', 'usage_agg_30d', 'payments_agg_90d', 'support_agg_90d', 'labels'] LOOP
    EXECUTE format('ALTER TABLE staging_%s DROP CONSTRAINT IF EXISTS staging_%s_pkey', t, t);
  END LOOP;
END
$$;
