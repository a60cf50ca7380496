-- user_id compared byte by byte (COLLATE "C") in every table that has it: live, snapshot and staging tables.
--
-- Why: a user id is an opaque key, never sorted for people to read, and its collation decides the cost of every
-- sort, index build and btree search on it. Under a database's language collation (en_US.UTF-8, C.UTF-8 on
-- PostgreSQL 15) each comparison goes through the C library's strcoll and sorts cannot use abbreviated keys; in byte
-- order they are memcmp. Measured on 100000 users: a month's snapshot key built in 50 to 64 ms instead of 130 to
-- 154 ms, count(DISTINCT user_id) 48 instead of 109 ms. Equality is unchanged (a deterministic collation equals
-- byte equality), so no key becomes a duplicate or stops being one; only the order of user ids in results that
-- sort by them without a COLLATE clause can change, and only for ids outside ASCII letters and digits.
--
-- The table data is not rewritten (the type is the same); the indexes on user_id are built again, which takes a
-- while on a database that holds many months. New snapshot and staging partitions are made LIKE their parents and
-- inherit the collation.
DO $$
DECLARE
  r record;
  saved jsonb := '[]'::jsonb;
  v jsonb;
  c record;
BEGIN
  -- the views that read a user_id: their definitions and comments kept, the views dropped while the columns
  -- change (PostgreSQL refuses to change a column a view reads), then made again as they were
  FOR r IN SELECT DISTINCT v.oid, v.relname
           FROM pg_depend d
           JOIN pg_rewrite rw ON rw.oid = d.objid
           JOIN pg_class v ON v.oid = rw.ev_class
           JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
           WHERE d.classid = 'pg_rewrite'::regclass AND a.attname = 'user_id' AND v.oid <> d.refobjid
             AND v.relkind = 'v' AND v.relnamespace = current_schema()::regnamespace LOOP
    saved := saved || jsonb_build_object(
        'name', r.relname,
        'definition', pg_get_viewdef(r.oid),
        'comment', obj_description(r.oid, 'pg_class'),
        'columns', (SELECT coalesce(jsonb_object_agg(attname, col_description(r.oid, attnum)), '{}'::jsonb)
                    FROM pg_attribute
                    WHERE attrelid = r.oid AND attnum > 0 AND col_description(r.oid, attnum) IS NOT NULL));
    EXECUTE format('DROP VIEW %I', r.relname);
  END LOOP;

  -- the foreign keys to users(user_id), dropped while both ends change and added again under their names
  CREATE TEMPORARY TABLE user_id_foreign_keys ON COMMIT DROP AS
    SELECT conrelid::regclass AS child, conname, pg_get_constraintdef(oid) AS definition
    FROM pg_constraint WHERE contype = 'f' AND confrelid = 'users'::regclass;
  FOR r IN SELECT * FROM user_id_foreign_keys LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.child, r.conname);
  END LOOP;

  -- every table with a user_id but the partitions, which follow their parents (tables made ahead of a publish and
  -- not attached yet are tables of their own, and change too)
  FOR r IN SELECT cl.oid::regclass AS t
           FROM pg_class cl JOIN pg_attribute a ON a.attrelid = cl.oid
           WHERE cl.relnamespace = current_schema()::regnamespace AND cl.relkind IN ('r', 'p')
             AND NOT cl.relispartition AND a.attname = 'user_id' AND NOT a.attisdropped
           ORDER BY 1 LOOP
    EXECUTE format('ALTER TABLE %s ALTER COLUMN user_id TYPE TEXT COLLATE "C"', r.t);
  END LOOP;

  FOR r IN SELECT * FROM user_id_foreign_keys LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.child, r.conname, r.definition);
  END LOOP;

  FOR v IN SELECT * FROM jsonb_array_elements(saved) LOOP
    EXECUTE format('CREATE VIEW %I AS %s', v->>'name', v->>'definition');
    IF v->>'comment' IS NOT NULL THEN
      EXECUTE format('COMMENT ON VIEW %I IS %L', v->>'name', v->>'comment');
    END IF;
    FOR c IN SELECT key, value FROM jsonb_each_text(v->'columns') LOOP
      EXECUTE format('COMMENT ON COLUMN %I.%I IS %L', v->>'name', c.key, c.value);
    END LOOP;
  END LOOP;
END $$;
