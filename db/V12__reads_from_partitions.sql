-- Reads that stay as cheap with many months as with one.
--
-- training_set reads the partitions of its as_of by name (<table>_snapshots_YYYYMMDD, V10) instead of the partitioned
-- tables. Why: joined through the partitioned tables, the planner estimates each join on user_id from the statistics
-- of all months together and, from a few months on, expects millions of rows where there are as many as users; at 6
-- months of 100000 users it chose nested loops and JIT compilation and took 4.3 times as long as with one month.
-- Each partition has statistics of its own (its key's are taken when it is attached), so the joins of one month
-- are planned as hash joins, whatever the number of months. An as_of that is not published gives no row, as before.

CREATE OR REPLACE FUNCTION training_set(p_as_of DATE, p_label_as_of DATE DEFAULT NULL)
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
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  features TEXT := to_char(p_as_of, 'YYYYMMDD');
  labels TEXT := 'labels_snapshots_' || to_char(coalesce(p_label_as_of, p_as_of), 'YYYYMMDD');
BEGIN
  IF p_as_of IS NULL OR to_regclass('users_snapshots_' || features) IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT u.user_id, u.as_of,
            u.signup_date, u.user_gender, u.user_is_senior, u.has_family, u.has_dependents,
            s.months_active, s.plan_stream_tv, s.plan_stream_movies, s.contract_type, s.paperless_billing,
            s.monthly_fee, s.total_paid, s.net_service,
            s.add_on_security, s.add_on_backup, s.add_on_device_protect, s.add_on_support,
            g.watch_hours_30d, g.avg_session_mins_7d, g.unique_devices_30d, g.skips_7d, g.rebuffer_events_7d,
            p.failed_payments_90d,
            t.support_tickets_90d, t.ticket_avg_resolution_hrs_90d,
            l.churn_label
     FROM %I u
     LEFT JOIN %I s ON s.user_id = u.user_id
     LEFT JOIN %I g ON g.user_id = u.user_id
     LEFT JOIN %I p ON p.user_id = u.user_id
     LEFT JOIN %I t ON t.user_id = u.user_id
     LEFT JOIN %s l ON l.user_id = u.user_id',
    'users_snapshots_' || features, 'subscriptions_profile_snapshots_' || features, 'usage_agg_30d_snapshots_' || features,
    'payments_agg_90d_snapshots_' || features, 'support_agg_90d_snapshots_' || features,
    -- labels of an as_of that is not published: none
    CASE WHEN to_regclass(labels) IS NULL THEN '(SELECT NULL::text AS user_id, NULL::boolean AS churn_label WHERE false)'
         ELSE quote_ident(labels) END);
END
$$;

COMMENT ON FUNCTION training_set(DATE, DATE) IS
    'Point-in-time training set: users present at p_as_of, their features at p_as_of, the label at p_label_as_of '
    '(default p_as_of). Order it yourself (bin/streamflow training-set sorts by user_id in byte order).';

-- latest_user_features without a probe per user into every month: the users of the newest published month are
-- found by one hash join with that month's partition of users_snapshots (pruned to it when the query runs), and
-- only users absent from it are looked for among the older months (their newest as_of, one probe each).
--
-- Why: the V10 view probed users_snapshots once per user with the newest as_of as a parameter, and each probe
-- pruned the partitions again: with 24 months of 100000 users it took 1.77 times as long as with one month.

CREATE OR REPLACE VIEW latest_user_features AS
WITH newest AS (SELECT max(as_of) AS as_of FROM published_months)
SELECT u.user_id,
       coalesce(c.as_of, (SELECT max(h.as_of) FROM users_snapshots h WHERE h.user_id = u.user_id)) AS as_of,
       c.as_of IS NOT NULL AS in_newest_month,
       u.signup_date, u.user_gender, u.user_is_senior, u.has_family, u.has_dependents,
       s.months_active, s.plan_stream_tv, s.plan_stream_movies, s.contract_type, s.paperless_billing,
       s.monthly_fee, s.total_paid, s.net_service,
       s.add_on_security, s.add_on_backup, s.add_on_device_protect, s.add_on_support,
       g.watch_hours_30d, g.avg_session_mins_7d, g.unique_devices_30d, g.skips_7d, g.rebuffer_events_7d,
       p.failed_payments_90d,
       t.support_tickets_90d, t.ticket_avg_resolution_hrs_90d,
       l.churn_label
FROM users u
LEFT JOIN (SELECT h.user_id, h.as_of FROM users_snapshots h WHERE h.as_of = (SELECT as_of FROM newest)) c
       ON c.user_id = u.user_id
LEFT JOIN subscriptions s ON s.user_id = u.user_id
LEFT JOIN usage_agg_30d g ON g.user_id = u.user_id
LEFT JOIN payments_agg_90d p ON p.user_id = u.user_id
LEFT JOIN support_agg_90d t ON t.user_id = u.user_id
LEFT JOIN labels l ON l.user_id = u.user_id;
