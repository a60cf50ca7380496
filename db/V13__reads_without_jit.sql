-- The database's sessions run without PostgreSQL's JIT compilation (jit = off for this database: the service's and
-- every reader's, from their next connection).
--
-- Why: the reads of this store (a training set, the latest features of every user) are joins over as many rows as
-- there are users, planned as costly enough to be compiled: with 24 months of 100000 users the compilation of
-- latest_user_features took 0.7 s of its 1.3 s (0.57 s without it, as with one month), and at 6 months it made a
-- training set's nested loops slower still. The ingest gains nothing from it either (measured at 100000 users).
-- Changed only where the migrating user may (the database's owner, or a superuser); elsewhere a notice says so.

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = current_database() AND pg_has_role(d.datdba, 'MEMBER'))
     OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper) THEN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
  ELSE
    RAISE NOTICE 'jit stays as it is: % may not change the settings of database %', current_user, current_database();
  END IF;
END
$$;
