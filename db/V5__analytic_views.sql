-- Analytic views over the snapshot tables, for data scientists and the dashboard (docs/views.md).
-- They read the four snapshot tables as the publisher stamped them and the live labels table;
-- nothing here is written by the ingestion.

-- Indexes. The primary keys (user_id, as_of) already make "latest per user" cheap: the newest as_of
-- of one user is a short index-only read of each key; for the whole population every snapshot row is
-- read whatever the index (docs/views.md has the measurements). What the keys cannot serve is a read of one month ("features at
-- as_of X", the point-in-time training set): user_id leads, so without these every such read scans
-- every month. An index on as_of alone is enough (and small: PostgreSQL deduplicates its equal keys).
CREATE INDEX subscriptions_profile_snapshots_as_of ON subscriptions_profile_snapshots (as_of);
CREATE INDEX usage_agg_30d_snapshots_as_of ON usage_agg_30d_snapshots (as_of);
CREATE INDEX payments_agg_90d_snapshots_as_of ON payments_agg_90d_snapshots (as_of);
CREATE INDEX support_agg_90d_snapshots_as_of ON support_agg_90d_snapshots (as_of);

-- The latest snapshot of every user: the newest as_of at which any of the four snapshot tables
-- holds the user, with that as_of's row of each table (NULL where a table had no row for the user
-- that month, e.g. a row refused under a `mostly` threshold) and the user's label.
-- The labels table is live, not snapshotted: churn_label is the label of the latest published month.
CREATE VIEW latest_user_features AS
WITH latest AS (
    SELECT user_id, max(as_of) AS as_of
    FROM (
        SELECT user_id, as_of FROM subscriptions_profile_snapshots
        UNION ALL
        SELECT user_id, as_of FROM usage_agg_30d_snapshots
        UNION ALL
        SELECT user_id, as_of FROM payments_agg_90d_snapshots
        UNION ALL
        SELECT user_id, as_of FROM support_agg_90d_snapshots
    ) stamped
    GROUP BY user_id
)
SELECT l.user_id,
       l.as_of,
       s.months_active,
       s.monthly_fee,
       s.paperless_billing,
       s.plan_stream_tv,
       s.plan_stream_movies,
       s.net_service,
       u.watch_hours_30d,
       u.avg_session_mins_7d,
       u.unique_devices_30d,
       u.skips_7d,
       u.rebuffer_events_7d,
       p.failed_payments_90d,
       t.support_tickets_90d,
       t.ticket_avg_resolution_hrs_90d,
       lb.churn_label
FROM latest l
LEFT JOIN subscriptions_profile_snapshots s ON s.user_id = l.user_id AND s.as_of = l.as_of
LEFT JOIN usage_agg_30d_snapshots u ON u.user_id = l.user_id AND u.as_of = l.as_of
LEFT JOIN payments_agg_90d_snapshots p ON p.user_id = l.user_id AND p.as_of = l.as_of
LEFT JOIN support_agg_90d_snapshots t ON t.user_id = l.user_id AND t.as_of = l.as_of
LEFT JOIN labels lb ON lb.user_id = l.user_id;

COMMENT ON VIEW latest_user_features IS
    'One row per user: the four snapshot tables at the user''s newest as_of, with the live label.';
COMMENT ON COLUMN latest_user_features.as_of IS
    'Newest as_of at which any of the four snapshot tables holds the user.';
COMMENT ON COLUMN latest_user_features.churn_label IS
    'From the live labels table (the latest published month): labels are not snapshotted.';

-- One row per as_of: how many users each snapshot table stamped and the means of the features whose
-- drift matters, one aggregate per table (each table is read once: no union over the four).
-- Means skip NULLs; churn_rate is over the as_of's subscribers that have a label.
CREATE VIEW snapshot_summary_by_as_of AS
WITH profile AS (
    SELECT s.as_of,
           count(*) AS users,
           count(lb.churn_label) AS labelled_users,
           avg(lb.churn_label::int) AS churn_rate,
           avg(s.months_active) AS mean_months_active,
           avg(s.monthly_fee) AS mean_monthly_fee
    FROM subscriptions_profile_snapshots s
    LEFT JOIN labels lb ON lb.user_id = s.user_id
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

COMMENT ON VIEW snapshot_summary_by_as_of IS
    'One row per as_of: subscribers stamped, churn rate and feature means per snapshot table.';
COMMENT ON COLUMN snapshot_summary_by_as_of.users IS
    'Rows of subscriptions_profile_snapshots at as_of (one per subscriber).';
COMMENT ON COLUMN snapshot_summary_by_as_of.churn_rate IS
    'Share of the as_of''s labelled subscribers whose label is churned. Labels are not snapshotted: '
    'every as_of is measured against the live labels, i.e. those of the latest published month.';
