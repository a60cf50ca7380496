-- latest_user_features planned as with one month in the database, however many months are published.
--
-- Why: the newest month's users are read from users_snapshots with as_of equal to the newest published as_of, a
-- value known only when the query runs (its partition is then the only one scanned). The planner estimates that
-- filter partition by partition, and each partition holds a single as_of, so it expected every partition's rows: with
-- 6 months of 100000 users, 600000 rows where 100000 come. It then hashed the wide rows of the joined live tables
-- (spilling them to disk in batches) instead of the newest month's two columns, as it does with one month. The same
-- value written as a range (BETWEEN it and itself: the same rows) is estimated as a small share of each partition,
-- and the plan is the one-month plan again. Measured with 6 months of 100000 users against the same database with
-- one month, alternating runs: 1.18 times the one-month time as V12 wrote it, 1.11 times this way.

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
LEFT JOIN (SELECT h.user_id, h.as_of FROM users_snapshots h
           WHERE h.as_of BETWEEN (SELECT as_of FROM newest) AND (SELECT as_of FROM newest)) c
       ON c.user_id = u.user_id
LEFT JOIN subscriptions s ON s.user_id = u.user_id
LEFT JOIN usage_agg_30d g ON g.user_id = u.user_id
LEFT JOIN payments_agg_90d p ON p.user_id = u.user_id
LEFT JOIN support_agg_90d t ON t.user_id = u.user_id
LEFT JOIN labels l ON l.user_id = u.user_id;
