-- Full history: every table has its snapshots, one row per user and published as_of, every column.
-- The snapshot tables are the history and the live tables are its newest row per user: after every publish,
-- backfill, restatement and retraction, a user's live row equals, column for column, that user's row at the
-- newest as_of in the table's snapshots (docs/views.md).
--
--   users_snapshots                    new: every users column
--   labels_snapshots                   new: churn_label
--   subscriptions_profile_snapshots    widened to every subscriptions column (the original columns keep
--                                      their names and types; contract_type, total_paid, add_on_* are added)
--
-- What this migration cannot do is invent the past. On a database that already holds published months it
-- carries over what is known, and no more:
--   * each live users and labels row is stamped once, at the as_of of that user's newest
--     subscriptions_profile_snapshots row (the month the live row was written by), or at the newest published
--     as_of for a user without one. Earlier months have no users or labels history: a training set for them
--     has no rows, and such a month cannot be retracted (there is nothing to fall back to);
--   * the added subscriptions columns are filled from the live subscriptions row at the user's newest as_of,
--     where the live row is that snapshot's row; everywhere else they are NULL, which here means unknown.
-- Months published from now on are stamped in all six snapshot tables, every column.

CREATE TABLE users_snapshots (
  user_id TEXT,
  as_of DATE,
  signup_date DATE,
  user_gender TEXT,
  user_is_senior BOOLEAN,
  has_family BOOLEAN,
  has_dependents BOOLEAN,
  PRIMARY KEY (user_id, as_of)
);

CREATE TABLE labels_snapshots (
  user_id TEXT,
  as_of DATE,
  churn_label BOOLEAN,
  PRIMARY KEY (user_id, as_of)
);

ALTER TABLE subscriptions_profile_snapshots
  ADD COLUMN contract_type TEXT,
  ADD COLUMN total_paid NUMERIC,
  ADD COLUMN add_on_security BOOLEAN,
  ADD COLUMN add_on_backup BOOLEAN,
  ADD COLUMN add_on_device_protect BOOLEAN,
  ADD COLUMN add_on_support BOOLEAN;

-- "features at as_of X" reads one month: the same index the other snapshot tables have (V5)
CREATE INDEX users_snapshots_as_of ON users_snapshots (as_of);
CREATE INDEX labels_snapshots_as_of ON labels_snapshots (as_of);

-- What is known of the past (see above).
CREATE TEMPORARY TABLE newest_known ON COMMIT DROP AS
SELECT u.user_id,
       coalesce((SELECT max(p.as_of) FROM subscriptions_profile_snapshots p WHERE p.user_id = u.user_id),
                (SELECT max(as_of) FROM ingestion_runs WHERE status = 'PUBLISHED')) AS as_of
FROM users u;

INSERT INTO users_snapshots (user_id, as_of, signup_date, user_gender, user_is_senior, has_family, has_dependents)
SELECT u.user_id, k.as_of, u.signup_date, u.user_gender, u.user_is_senior, u.has_family, u.has_dependents
FROM users u JOIN newest_known k ON k.user_id = u.user_id
WHERE k.as_of IS NOT NULL;

INSERT INTO labels_snapshots (user_id, as_of, churn_label)
SELECT l.user_id, k.as_of, l.churn_label
FROM labels l JOIN newest_known k ON k.user_id = l.user_id
WHERE k.as_of IS NOT NULL;

UPDATE subscriptions_profile_snapshots p
SET contract_type = l.contract_type,
    total_paid = l.total_paid,
    add_on_security = l.add_on_security,
    add_on_backup = l.add_on_backup,
    add_on_device_protect = l.add_on_device_protect,
    add_on_support = l.add_on_support
FROM subscriptions l JOIN newest_known k ON k.user_id = l.user_id
WHERE p.user_id = l.user_id AND p.as_of = k.as_of
  AND (p.months_active, p.monthly_fee, p.paperless_billing, p.plan_stream_tv, p.plan_stream_movies, p.net_service)
      IS NOT DISTINCT FROM
      (l.months_active, l.monthly_fee, l.paperless_billing, l.plan_stream_tv, l.plan_stream_movies, l.net_service);

-- Retraction: a published month taken back (bin/streamflow retract). Its run keeps its row with status RETRACTED.
ALTER TABLE ingestion_runs ADD COLUMN retracted_at TIMESTAMPTZ;
