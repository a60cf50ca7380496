-- latest_user_features finds the newest month's users through a BRIN index on users_snapshots.as_of, without
-- parallel workers, as it does with one month in the database.
--
-- Why: the view reads the newest month's users with as_of BETWEEN (newest) AND (newest), a value known only when the
-- query runs, so every partition is pruned but one only then. The planner costed a sequential scan of each of them
-- and, for that cost, planned two parallel workers over the partitioned table; with one month it scans the single
-- partition itself. Starting the workers and handing their rows to the leader made the read 1.15 to 1.18 times its
-- one-month time at 6 months. With a BRIN index on as_of (a summary per 128 pages: a few kB per month, built by one
-- read of the partition) each partition's range is costed as a small bitmap scan and no worker is planned; the one
-- partition left when the query runs is still read whole. Measured with 6 months of 100000 users against one month,
-- both with the index, 8 alternating sessions: 1.05 times (a btree on (as_of, user_id) gave 1.09 times, the same
-- query with parallel workers turned off 1.065 times). Each month's partition gets its index when it is made, before
-- it is attached (publish.SnapshotPartitions); this builds it for the months already published.

-- the months already published: each partition's index under the name a publish gives it, then the partitioned
-- index, which takes them as its parts
DO $$
DECLARE
  part TEXT;
BEGIN
  FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = 'users_snapshots'::regclass LOOP
    EXECUTE format('CREATE INDEX %I ON %I USING brin (as_of)', part || '_as_of_brin', part);
  END LOOP;
END $$;

CREATE INDEX users_snapshots_as_of_brin ON users_snapshots USING brin (as_of);
