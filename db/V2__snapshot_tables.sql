-- The four point-in-time snapshot tables, exactly as the original snapshot DDL defined them.
-- One row per user and published month (as_of = the month's last day).

CREATE TABLE IF NOT EXISTS subscriptions_profile_snapshots (
  user_id TEXT,
  as_of DATE,
  months_active INT,
  monthly_fee NUMERIC,
  paperless_billing BOOLEAN,
  plan_stream_tv BOOLEAN,
  plan_stream_movies BOOLEAN,
  net_service TEXT,
  PRIMARY KEY (user_id, as_of)
);

CREATE TABLE IF NOT EXISTS usage_agg_30d_snapshots (
  user_id TEXT,
  as_of DATE,
  watch_hours_30d NUMERIC,
  avg_session_mins_7d NUMERIC,
  unique_devices_30d INT,
  skips_7d INT,
  rebuffer_events_7d INT,
  PRIMARY KEY (user_id, as_of)
);

CREATE TABLE IF NOT EXISTS payments_agg_90d_snapshots (
  user_id TEXT,
  as_of DATE,
  failed_payments_90d INT,
  PRIMARY KEY (user_id, as_of)
);

CREATE TABLE IF NOT EXISTS support_agg_90d_snapshots (
  user_id TEXT,
  as_of DATE,
  support_tickets_90d INT,
  ticket_avg_resolution_hrs_90d NUMERIC,
  PRIMARY KEY (user_id, as_of)
);
