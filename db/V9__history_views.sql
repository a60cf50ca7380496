-- Reading the history (docs/views.md): published months, the training set at an as_of, the latest features
-- of every user with the month they come from, and the per-month summary the dashboard charts.

-- The months whose rows are in the snapshot tables: one row per published as_of.
CREATE VIEW published_months AS
SELECT as_of, run_id, month, finished_at AS published_at
FROM ingestion_runs
WHERE status = 'PUBLISHED';

COMMENT ON VIEW published_months IS
    'One row per as_of whose rows are in the snapshot tables (retracted and replaced runs are not).';

-- The point-in-time training set: one row per user present at p_as_of (a row in users_snapshots there), every
-- feature column of the five feature tables at that same as_of (NULL where a table had no row for the user,
-- possible only under a coverage `mostly` below 1), and churn_label at p_label_as_of (default p_as_of: the
-- label of the same export; a later as_of gives "features then, outcome later"). Nothing stamped at another
-- as_of is read, so nothing from after p_as_of leaks into the features.
CREATE FUNCTION training_set(p_as_of DATE, p_label_as_of DATE DEFAULT NULL)
RETURNS TABLE (
  user_id TEXT,
  as_of DATE,
  signup_date DATE,
  user_gender TEXT,
  user_is_senior BOOLEAN,
  has_family BOOLEAN,
  has_dependents BOOLEAN,
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
  watch_hours_30d NUMERIC,
  avg_session_mins_7d NUMERIC,
  unique_devices_30d INT,
  skips_7d INT,
  rebuffer_events_7d INT,
  failed_payments_90d INT,
  support_tickets_90d INT,
  ticket_avg_resolution_hrs_90d NUMERIC,
  churn_label BOOLEAN
)
LANGUAGE sql STABLE
AS $$
SELECT u.user_id, u.as_of,
       u.signup_date, u.user_gender, u.user_is_senior, u.has_family, u.has_dependents,
       s.months_active, s.plan_stream_tv, s.plan_stream_movies, s.contract_type, s.paperless_billing,
       s.monthly_fee, s.total_paid, s.net_service,
       s.add_on_security, s.add_on_backup, s.add_on_device_protect, s.add_on_support,
       g.watch_hours_30d, g.avg_session_mins_7d, g.unique_devices_30d, g.skips_7d, g.rebuffer_events_7d,
       p.failed_payments_90d,
       t.support_tickets_90d, t.ticket_avg_resolution_hrs_90d,
       l.churn_label
FROM users_snapshots u
LEFT JOIN subscriptions_profile_snapshots s ON s.user_id = u.user_id AND s.as_of = u.as_of
LEFT JOIN usage_agg_30d_snapshots g ON g.user_id = u.user_id AND g.as_of = u.as_of
LEFT JOIN payments_agg_90d_snapshots p ON p.user_id = u.user_id AND p.as_of = u.as_of
LEFT JOIN support_agg_90d_snapshots t ON t.user_id = u.user_id AND t.as_of = u.as_of
LEFT JOIN labels_snapshots l ON l.user_id = u.user_id AND l.as_of = coalesce(p_label_as_of, p_as_of)
WHERE u.as_of = p_as_of
$$;

COMMENT ON FUNCTION training_set(DATE, DATE) IS
    'Point-in-time training set: users present at p_as_of, their features at p_as_of, the label at p_label_as_of '
    '(default p_as_of). Order it yourself (bin/streamflow training-set sorts by user_id in byte order).';

-- The latest features of every user: the live tables, which hold each user's newest snapshot row (the history
-- invariant), with the as_of that row comes from and whether the user is in the newest published month. A user
-- absent from the newest month keeps older values; as_of says how old.
DROP VIEW latest_user_features;
CREATE VIEW latest_user_features AS
SELECT u.user_id,
       n.as_of,
       n.as_of = (SELECT max(as_of) FROM published_months) AS in_newest_month,
       u.signup_date, u.user_gender, u.user_is_senior, u.has_family, u.has_dependents,
       s.months_active, s.plan_stream_tv, s.plan_stream_movies, s.contract_type, s.paperless_billing,
       s.monthly_fee, s.total_paid, s.net_service,
       s.add_on_security, s.add_on_backup, s.add_on_device_protect, s.add_on_support,
       g.watch_hours_30d, g.avg_session_mins_7d, g.unique_devices_30d, g.skips_7d, g.rebuffer_events_7d,
       p.failed_payments_90d,
       t.support_tickets_90d, t.ticket_avg_resolution_hrs_90d,
       l.churn_label
FROM users u
-- one backward read of the (user_id, as_of) key per user, however many months the history holds
CROSS JOIN LATERAL (SELECT max(h.as_of) AS as_of FROM users_snapshots h WHERE h.user_id = u.user_id) n
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

-- The summary per as_of: the churn rate now comes from labels_snapshots at the same as_of (each month's own
-- labels), no longer from the live labels of the latest month.
CREATE OR REPLACE VIEW snapshot_summary_by_as_of AS
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
