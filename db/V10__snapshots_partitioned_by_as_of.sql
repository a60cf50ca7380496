-- Snapshot tables partitioned by as_of: each published month is one partition of each snapshot table
-- (<table>_snapshots_YYYYMMDD), filled, indexed and attached by the publish in bulk instead of row by row into
-- one big btree, and dropped whole by a restatement or a retraction. A read of one as_of ("features at as_of
-- X", a month-over-month check) reads that month's partition only, however long the history grows.
--
-- Measured on 1000000 rows of usage_agg_30d (docs/benchmarks.md): INSERT into the unpartitioned table with
-- its (user_id, as_of) key 17 to 18 s a month; into a new table, then its key built, then attached, 4 s.
--
-- The existing rows move into one partition per as_of. The views that read the snapshot tables are made
-- again on the partitioned tables; latest_user_features now finds a user's newest as_of in the newest
-- month's partition first (one index probe per user), and among the older partitions only for users absent
-- from it. The (as_of) indexes go: a partition holds one as_of.
--
-- The live tables get a fillfactor of 70: a month that changes a user's values rewrites the row on its own
-- page where there is room (a HOT update: no index entry written), instead of on another page.

DROP VIEW latest_user_features;
DROP VIEW snapshot_summary_by_as_of;

DO $$
DECLARE
  t text;
  d date;
BEGIN
  FOREACH t IN ARRAY ARRAY['users_snapshots', 'subscriptions_profile_snapshots', 'usage_agg_30d_snapshots',
                           'payments_agg_90d_snapshots', 'support_agg_90d_snapshots', 'labels_snapshots'] LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_unpartitioned');
    EXECUTE format('ALTER INDEX %I RENAME TO %I', t || '_pkey', t || '_unpartitioned_pkey');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING COMMENTS, PRIMARY KEY (user_id, as_of)) '
                   'PARTITION BY LIST (as_of)', t, t || '_unpartitioned');
    FOR d IN EXECUTE format('SELECT DISTINCT as_of FROM %I', t || '_unpartitioned') LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (%L)', t || '_' || to_char(d, 'YYYYMMDD'), t, d);
    END LOOP;
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, t || '_unpartitioned');
    EXECUTE format('DROP TABLE %I', t || '_unpartitioned');
  END LOOP;
END
$$;

COMMENT ON COLUMN ingestion_runs.content_sha256 IS
    'Digest of the month''s content: an order-independent sum of its rows'' hashes per table, so that the same '
    'rows in another order or another file layout are the same month.';

ALTER TABLE users SET (fillfactor = 70);
ALTER TABLE subscriptions SET (fillfactor = 70);
ALTER TABLE usage_agg_30d SET (fillfactor = 70);
ALTER TABLE payments_agg_90d SET (fillfactor = 70);
ALTER TABLE support_agg_90d SET (fillfactor = 70);
ALTER TABLE labels SET (fillfactor = 70);

-- The latest features of every user (V9): the live tables, with the as_of their rows come from. A user in the
-- newest published month is found in that month's partition of users_snapshots (one probe); only the others
-- are looked for among the older months.
CREATE VIEW latest_user_features AS
WITH newest AS (SELECT max(as_of) AS as_of FROM published_months)
SELECT u.user_id,
       n.as_of,
       n.as_of = (SELECT as_of FROM newest) AS in_newest_month,
       u.signup_date, u.user_gender, u.user_is_senior, u.has_family, u.has_dependents,
       s.months_active, s.plan_stream_tv, s.plan_stream_movies, s.contract_type, s.paperless_billing,
       s.monthly_fee, s.total_paid, s.net_service,
       s.add_on_security, s.add_on_backup, s.add_on_device_protect, s.add_on_support,
       g.watch_hours_30d, g.avg_session_mins_7d, g.unique_devices_30d, g.skips_7d, g.rebuffer_events_7d,
       p.failed_payments_90d,
       t.support_tickets_90d, t.ticket_avg_resolution_hrs_90d,
       l.churn_label
FROM users u
CROSS JOIN LATERAL (
  SELECT coalesce(
    (SELECT h.as_of FROM users_snapshots h WHERE h.user_id = u.user_id AND h.as_of = (SELECT as_of FROM newest)),
    (SELECT max(h.as_of) FROM users_snapshots h WHERE h.user_id = u.user_id)) AS as_of) n
LEFT JOIN subscriptions s ON s.user_id = u.user_id
LEFT JOIN usage_agg_30d g ON g.user_id = u.user_id
LEFT JOIN payments_agg_90d p ON p.user_id = u.user_id
LEFT JOIN support_agg_90d t ON t.user_id = u.user_id
LEFT JOIN labels l ON l.user_id = u.user_id;

COMMENT ON VIEW latest_user_features IS
    'One row per user: the live tables (each user''s newest snapshot row), with the as_of it comes from.';
COMMENT ON COLUMN latest_user_features.as_of IS
    'The newest as_of at which users_snapshots holds the user: the month the user was last exported in.';
COMMENT ON COLUMN latest_user_features.in_newest_month IS
    'True when the user is in the newest published month; a scoring job keeps only these.';

-- The summary per as_of, as in V9.
CREATE VIEW snapshot_summary_by_as_of AS
WITH profile AS (
    SELECT s.as_of,
           count(*) AS users,
           count(lb.churn_label) AS labelled_users,
           avg(lb.churn_label::int) AS churn_rate,
           avg(s.months_active) AS mean_months_active,
           avg(s.monthly_fee) AS mean_monthly_fee
    FROM subscriptions_profile_snapshots s
    LEFT JOIN labels_snapshots lb ON lb.user_id = s.user_id AND lb.as_of = s.as_of
    GROUP BY s.as_of
), usage AS (
    SELECT as_of,
           count(*) AS users_with_usage,
           avg(watch_hours_30d) AS mean_watch_hours_30d,
           avg(avg_session_mins_7d) AS mean_session_mins_7d,
           avg(rebuffer_events_7d) AS mean_rebuffer_events_7d
    FROM usage_agg_30d_snapshots
    GROUP BY as_of
), payments AS (
    SELECT as_of,
           count(*) AS users_with_payments,
           avg(failed_payments_90d) AS mean_failed_payments_90d,
           avg((failed_payments_90d > 0)::int) AS share_with_failed_payments
    FROM payments_agg_90d_snapshots
    GROUP BY as_of
), support AS (
    SELECT as_of,
           count(*) AS users_with_support,
           avg(support_tickets_90d) AS mean_support_tickets_90d,
           avg(ticket_avg_resolution_hrs_90d) AS mean_ticket_resolution_hrs_90d
    FROM support_agg_90d_snapshots
    GROUP BY as_of
)
SELECT coalesce(profile.as_of, usage.as_of, payments.as_of, support.as_of) AS as_of,
       coalesce(profile.users, 0) AS users,
       coalesce(profile.labelled_users, 0) AS labelled_users,
       profile.churn_rate,
       profile.mean_months_active,
       profile.mean_monthly_fee,
       coalesce(usage.users_with_usage, 0) AS users_with_usage,
       usage.mean_watch_hours_30d,
       usage.mean_session_mins_7d,
       usage.mean_rebuffer_events_7d,
       coalesce(payments.users_with_payments, 0) AS users_with_payments,
       payments.mean_failed_payments_90d,
       payments.share_with_failed_payments,
       coalesce(support.users_with_support, 0) AS users_with_support,
       support.mean_support_tickets_90d,
       support.mean_ticket_resolution_hrs_90d
FROM profile
FULL JOIN usage ON usage.as_of = profile.as_of
FULL JOIN payments ON payments.as_of = coalesce(profile.as_of, usage.as_of)
FULL JOIN support ON support.as_of = coalesce(profile.as_of, usage.as_of, payments.as_of);

COMMENT ON COLUMN snapshot_summary_by_as_of.labelled_users IS
    'Subscribers of the as_of with a label stamped at that same as_of (labels_snapshots).';
COMMENT ON COLUMN snapshot_summary_by_as_of.churn_rate IS
    'Share of the as_of''s labelled subscribers whose label at that as_of is churned.';

COMMENT ON VIEW snapshot_summary_by_as_of IS
    'One row per as_of: subscribers stamped, churn rate and feature means per snapshot table.';
COMMENT ON COLUMN snapshot_summary_by_as_of.users IS
    'Rows of subscriptions_profile_snapshots at as_of (one per subscriber).';
