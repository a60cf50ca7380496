-- Camel's persistent month aggregator (JdbcAggregationRepository): open aggregates and
-- completed ones awaiting confirmation, so a month being gathered survives a restart.
CREATE TABLE month_aggregation (
  id       VARCHAR(255) PRIMARY KEY,
  exchange BYTEA        NOT NULL,
  version  BIGINT       NOT NULL
);

CREATE TABLE month_aggregation_completed (
  id       VARCHAR(255) PRIMARY KEY,
  exchange BYTEA        NOT NULL,
  version  BIGINT       NOT NULL
);
