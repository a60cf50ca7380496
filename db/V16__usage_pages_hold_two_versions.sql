-- The live usage_agg_30d keeps half of each page free (fillfactor 50, the other live tables keep 70).
--
-- Why: its values are the last 30 days' aggregates, so a month changes every row of it (all 7043 of the reference
-- months, all 100000 of the generated ones). An update stays on its row's page without touching the key's index
-- (HOT) only when the page has room for the new version beside the old one; at 70, a third of the month's updates
-- did not fit, went to other pages with a new index entry each, and the table grew with every month. With room for
-- a second version of every row, the old versions are pruned from the page by the next month's update, and the table
-- keeps its size. Measured with 6 months of 100000 users: 99 % of the updates HOT instead of 76 %; 2158 pages after
-- 6 months instead of 3263 (2084 and 1487 after the first); each month's publish 2.1 to 4.2 s instead of 2.6 to
-- 5.2 s; the latest row per user at 6 months 1.07 times its one-month time instead of 1.17 times. Pages already
-- written keep their packing until they are rewritten.

ALTER TABLE usage_agg_30d SET (fillfactor = 50);
