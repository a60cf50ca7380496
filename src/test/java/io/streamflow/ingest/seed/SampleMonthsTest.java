package io.streamflow.ingest.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated months: the files, headers, values and drift of the original exports, the same for the same seed. */
class SampleMonthsTest {

    /** The export contract, spelled out here rather than read from the class under test. */
    private static final Map<String, String> HEADERS = new LinkedHashMap<>();

    static {
        HEADERS.put("users.csv", "user_id,signup_date,user_gender,user_is_senior,has_family,has_dependents");
        HEADERS.put("subscriptions.csv", "user_id,months_active,plan_stream_tv,plan_stream_movies,contract_type,"
            + "paperless_billing,monthly_fee,total_paid,net_service");
        HEADERS.put("usage_agg_30d.csv",
            "user_id,watch_hours_30d,avg_session_mins_7d,unique_devices_30d,skips_7d,rebuffer_events_7d");
        HEADERS.put("payments_agg_90d.csv", "user_id,failed_payments_90d");
        HEADERS.put("support_agg_90d.csv", "user_id,support_tickets_90d,ticket_avg_resolution_hrs_90d");
        HEADERS.put("labels.csv", "user_id,churn_label");
    }

    private static final int USERS = 7043;
    private static final Pattern USER_ID = Pattern.compile("\\d{4}-[A-Z]{5}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern COUNT = Pattern.compile("0|[1-9]\\d*");
    private static final Pattern MONEY = Pattern.compile("(0|[1-9]\\d*)\\.\\d{1,2}");
    private static final Pattern TENTHS = Pattern.compile("(0|[1-9]\\d*)\\.\\d");
    static final Pattern PLAIN_DECIMAL = Pattern.compile("(0|[1-9]\\d*)\\.\\d+");
    private static final Set<String> BOOLEANS = Set.of("True", "False");

    @TempDir
    static Path shared;

    /** One default-sized run (2 months, seed 42) shared by the read-only checks. */
    private static Path run;

    @BeforeAll
    static void generateOnce() throws IOException {
        run = shared.resolve("run");
        SampleMonths.write(run, USERS, 2, 42L);
    }

    @Test
    void writesSixFilesPerMonthWithExactHeadersRowCountsAndLineEndings() throws IOException {
        for (String month : List.of("month_000", "month_001")) {
            try (var listing = Files.list(run.resolve(month))) {
                assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(HEADERS.keySet());
            }
            for (Map.Entry<String, String> e : HEADERS.entrySet()) {
                Path file = run.resolve(month).resolve(e.getKey());
                String text = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(text).as(file.toString()).doesNotContain("\r").doesNotContain("\"").endsWith("\n");
                String[] lines = text.split("\n", -1);
                assertThat(lines[0]).isEqualTo(e.getValue());
                assertThat(lines).hasSize(USERS + 2); // header + rows + the empty string after the last newline
                int columns = e.getValue().split(",").length;
                for (int i = 1; i <= USERS; i++) {
                    assertThat(lines[i].split(",", -1)).as("%s line %d", file, i).hasSize(columns);
                }
            }
        }
        assertThat(run.resolve("month_002")).doesNotExist();
    }

    @Test
    void sameArgumentsGiveByteIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path tmp) throws IOException {
        SampleMonths.write(tmp.resolve("a"), 500, 3, 123L);
        SampleMonths.write(tmp.resolve("b"), 500, 3, 123L);
        SampleMonths.write(tmp.resolve("c"), 500, 3, 124L);
        for (String month : List.of("month_000", "month_001", "month_002")) {
            for (String file : HEADERS.keySet()) {
                byte[] a = Files.readAllBytes(tmp.resolve("a").resolve(month).resolve(file));
                byte[] b = Files.readAllBytes(tmp.resolve("b").resolve(month).resolve(file));
                byte[] c = Files.readAllBytes(tmp.resolve("c").resolve(month).resolve(file));
                assertThat(a).as("%s/%s", month, file).isEqualTo(b);
                assertThat(a).as("%s/%s with another seed", month, file).isNotEqualTo(c);
            }
        }
    }

    @Test
    void aSmallerRunIsAPrefixOfALargerOneWithTheSameSeed(@TempDir Path tmp) throws IOException {
        // per-user streams: user i does not depend on how many users are generated
        SampleMonths.write(tmp.resolve("small"), 100, 2, 9L);
        SampleMonths.write(tmp.resolve("large"), 300, 2, 9L);
        for (String file : HEADERS.keySet()) {
            List<String> small = Files.readAllLines(tmp.resolve("small/month_001").resolve(file));
            List<String> large = Files.readAllLines(tmp.resolve("large/month_001").resolve(file));
            assertThat(large.subList(0, small.size())).isEqualTo(small);
        }
    }

    @Test
    void userIdsAreWellFormedUniqueAndInTheSameOrderEverywhere() throws IOException {
        List<String> ids = column(run.resolve("month_000/users.csv"), "user_id");
        assertThat(ids).hasSize(USERS).allMatch(id -> USER_ID.matcher(id).matches(), "shaped like 7590-VHVEG");
        assertThat(new HashSet<>(ids)).hasSize(USERS);
        for (String month : List.of("month_000", "month_001")) {
            for (String file : HEADERS.keySet()) {
                assertThat(column(run.resolve(month).resolve(file), "user_id")).as("%s/%s", month, file)
                    .isEqualTo(ids);
            }
        }
    }

    @Test
    void streamFlagsAreEmptyExactlyWhenThereIsNoNetService() throws IOException {
        List<Map<String, String>> rows = rows(run.resolve("month_000/subscriptions.csv"));
        int noNet = 0;
        for (Map<String, String> r : rows) {
            boolean none = r.get("net_service").equals("No");
            noNet += none ? 1 : 0;
            for (String flag : List.of("plan_stream_tv", "plan_stream_movies")) {
                if (none) {
                    assertThat(r.get(flag)).as("%s of %s", flag, r.get("user_id")).isEmpty();
                } else {
                    assertThat(r.get(flag)).as("%s of %s", flag, r.get("user_id")).isIn(BOOLEANS);
                }
            }
        }
        assertThat(noNet / (double) USERS).isBetween(0.18, 0.26); // originals: 1526 / 7043 = 0.217
    }

    @Test
    void categoricalColumnsUseOnlyTheValuesOfTheOriginals() throws IOException {
        Path m0 = run.resolve("month_000");
        assertThat(Set.copyOf(column(m0.resolve("users.csv"), "user_gender")))
            .containsExactlyInAnyOrder("Female", "Male");
        assertThat(Set.copyOf(column(m0.resolve("subscriptions.csv"), "contract_type")))
            .containsExactlyInAnyOrder("Month-to-month", "One year", "Two year");
        assertThat(Set.copyOf(column(m0.resolve("subscriptions.csv"), "net_service")))
            .containsExactlyInAnyOrder("No", "DSL", "Fiber optic");
        List<String> dates = column(m0.resolve("users.csv"), "signup_date");
        assertThat(dates).allMatch(d -> DATE.matcher(d).matches());
    }

    @Test
    void booleansAreOnlyTrueOrFalse() throws IOException {
        for (String month : List.of("month_000", "month_001")) {
            Path m = run.resolve(month);
            for (String col : List.of("user_is_senior", "has_family", "has_dependents")) {
                assertThat(Set.copyOf(column(m.resolve("users.csv"), col))).as(col).isEqualTo(BOOLEANS);
            }
            assertThat(Set.copyOf(column(m.resolve("subscriptions.csv"), "paperless_billing"))).isEqualTo(BOOLEANS);
            assertThat(Set.copyOf(column(m.resolve("labels.csv"), "churn_label"))).isEqualTo(BOOLEANS);
        }
    }

    @Test
    void countsAreNonNegativeIntegersAndDecimalsArePlainText() throws IOException {
        for (String month : List.of("month_000", "month_001")) {
            Path m = run.resolve(month);
            assertCounts(m.resolve("subscriptions.csv"), "months_active", 72);
            assertCounts(m.resolve("usage_agg_30d.csv"), "unique_devices_30d", 3);
            assertCounts(m.resolve("usage_agg_30d.csv"), "skips_7d", 40);
            assertCounts(m.resolve("usage_agg_30d.csv"), "rebuffer_events_7d", 40);
            assertCounts(m.resolve("payments_agg_90d.csv"), "failed_payments_90d", 20);
            assertCounts(m.resolve("support_agg_90d.csv"), "support_tickets_90d", 20);

            for (String col : List.of("monthly_fee", "total_paid")) {
                assertThat(column(m.resolve("subscriptions.csv"), col)).as(col)
                    .allMatch(v -> MONEY.matcher(v).matches(), "money with 1 or 2 decimals");
            }
            List<Double> fees = numbers(m.resolve("subscriptions.csv"), "monthly_fee");
            assertThat(fees).allMatch(f -> f >= 18.25 && f <= 118.75);
            assertThat(column(m.resolve("support_agg_90d.csv"), "ticket_avg_resolution_hrs_90d"))
                .allMatch(v -> TENTHS.matcher(v).matches() && Double.parseDouble(v) >= 1.0
                    && Double.parseDouble(v) <= 24.9);
            for (String col : List.of("watch_hours_30d", "avg_session_mins_7d")) {
                assertThat(column(m.resolve("usage_agg_30d.csv"), col)).as(col)
                    .allMatch(v -> PLAIN_DECIMAL.matcher(v).matches(), "plain decimal, no exponent")
                    .allMatch(v -> v.replace(".", "").replaceFirst("^0+", "").length() <= 17, "<= 17 digits")
                    .allMatch(v -> Double.parseDouble(v) > 0.0 && Double.parseDouble(v) < 100.0);
            }
            assertThat(Set.copyOf(column(m.resolve("usage_agg_30d.csv"), "avg_session_mins_7d"))).hasSize(1);
        }
    }

    @Test
    void usersAndSubscriptionsStayWhileUsagePaymentsSupportAndLabelsDrift() throws IOException {
        Path m0 = run.resolve("month_000");
        Path m1 = run.resolve("month_001");
        for (String file : List.of("users.csv", "subscriptions.csv")) {
            assertThat(Files.readAllBytes(m1.resolve(file))).as(file).isEqualTo(Files.readAllBytes(m0.resolve(file)));
        }
        for (String file : List.of("usage_agg_30d.csv", "payments_agg_90d.csv", "support_agg_90d.csv", "labels.csv")) {
            assertThat(Files.readAllBytes(m1.resolve(file))).as(file)
                .isNotEqualTo(Files.readAllBytes(m0.resolve(file)));
        }
        List<String> labels0 = column(m0.resolve("labels.csv"), "churn_label");
        List<String> labels1 = column(m1.resolve("labels.csv"), "churn_label");
        long changed = 0;
        for (int i = 0; i < USERS; i++) {
            changed += labels0.get(i).equals(labels1.get(i)) ? 0 : 1;
        }
        assertThat(changed).as("labels changed for a share of users").isBetween(USERS / 10L, USERS / 2L);

        double churn0 = share(labels0, "True");
        double churn1 = share(labels1, "True");
        assertThat(churn0).isBetween(0.23, 0.30); // originals: 1869 / 7043 = 0.265
        assertThat(churn1).isBetween(0.20, 0.28).isLessThan(churn0); // originals: 1701 / 7043 = 0.242

        // counters over a trailing window only accumulate from one month to the next
        for (String[] fc : new String[][] {{"payments_agg_90d.csv", "failed_payments_90d"},
            {"support_agg_90d.csv", "support_tickets_90d"}, {"usage_agg_30d.csv", "rebuffer_events_7d"}}) {
            List<Double> before = numbers(m0.resolve(fc[0]), fc[1]);
            List<Double> after = numbers(m1.resolve(fc[0]), fc[1]);
            for (int i = 0; i < USERS; i++) {
                assertThat(after.get(i)).as(fc[1]).isGreaterThanOrEqualTo(before.get(i));
            }
        }
    }

    @Test
    void summaryStatisticsLookLikeTheOriginals() throws IOException {
        Path m0 = run.resolve("month_000");
        assertThat(mean(numbers(m0.resolve("subscriptions.csv"), "months_active"))).isBetween(29.0, 36.0);
        assertThat(mean(numbers(m0.resolve("subscriptions.csv"), "monthly_fee"))).isBetween(61.0, 69.0);
        assertThat(mean(numbers(m0.resolve("subscriptions.csv"), "total_paid"))).isBetween(2050.0, 2500.0);
        assertThat(mean(numbers(m0.resolve("usage_agg_30d.csv"), "watch_hours_30d"))).isBetween(27.5, 31.5);
        assertThat(mean(numbers(m0.resolve("usage_agg_30d.csv"), "skips_7d"))).isBetween(4.7, 5.4);
        assertThat(share(column(m0.resolve("subscriptions.csv"), "contract_type"), "Month-to-month"))
            .isBetween(0.51, 0.59);
        assertThat(share(column(m0.resolve("users.csv"), "user_is_senior"), "True")).isBetween(0.13, 0.19);
    }

    // ---------------------------------------------------------------- helpers

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], v[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> column(Path csv, String name) throws IOException {
        List<String> values = new ArrayList<>();
        for (Map<String, String> r : rows(csv)) {
            assertThat(r).containsKey(name);
            values.add(r.get(name));
        }
        return values;
    }

    private static List<Double> numbers(Path csv, String name) throws IOException {
        List<Double> values = new ArrayList<>();
        for (String v : column(csv, name)) {
            values.add(Double.parseDouble(v));
        }
        return values;
    }

    private static void assertCounts(Path csv, String name, int max) throws IOException {
        assertThat(column(csv, name)).as(name)
            .allMatch(v -> COUNT.matcher(v).matches(), "non-negative integer")
            .allMatch(v -> Integer.parseInt(v) <= max, "at most " + max);
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static double share(List<String> xs, String value) {
        return xs.stream().filter(value::equals).count() / (double) xs.size();
    }
}
