-- Staging by run: each staging table is partitioned by run_id, and each run's rows live in one UNLOGGED
-- partition per table (staging_<table>_r<run_id>), created when the run's file arrives and dropped once
-- the run is decided.
--
-- Why: staging is a scratch area. Unlogged partitions are written without WAL (about half the cost of a
-- logged insert), the gate reads and ANALYZEs one run's partition only, and a decided run is cleared by
-- dropping its partitions instead of deleting millions of rows. What unlogged costs: after a crash of the
-- PostgreSQL server its unlogged partitions come back empty; the gate then finds fewer staged rows than
-- staged_files recorded and refuses the month (see MonthGate), so it is dropped again, never published short.
-- The staging_users (run_id, user_id) index goes: the gate's joins hash the analyzed partition instead.

DO $$
DECLARE
  t text;
  r bigint;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'subscriptions', 'usage_agg_30d', 'payments_agg_90d', 'support_agg_90d', 'labels'] LOOP
    EXECUTE format('ALTER TABLE staging_%s RENAME TO staging_%s_unpartitioned', t, t);
    EXECUTE format('ALTER INDEX staging_%s_pkey RENAME TO staging_%s_unpartitioned_pkey', t, t);
    EXECUTE format('CREATE TABLE staging_%s (LIKE staging_%s_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS, '
                   'PRIMARY KEY (run_id, line_no)) PARTITION BY LIST (run_id)', t, t);
    -- rows of runs still open carry over into their own partitions
    FOR r IN EXECUTE format('SELECT DISTINCT run_id FROM staging_%s_unpartitioned', t) LOOP
      EXECUTE format('CREATE UNLOGGED TABLE staging_%s_r%s (LIKE staging_%s INCLUDING ALL)', t, r, t);
      EXECUTE format('ALTER TABLE staging_%s ATTACH PARTITION staging_%s_r%s FOR VALUES IN (%s)', t, t, r, r);
      EXECUTE format('INSERT INTO staging_%s SELECT * FROM staging_%s_unpartitioned WHERE run_id = %s', t, t, r);
    END LOOP;
    EXECUTE format('DROP TABLE staging_%s_unpartitioned', t);
  END LOOP;
END
$$;
