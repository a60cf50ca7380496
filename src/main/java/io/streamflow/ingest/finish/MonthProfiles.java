package io.streamflow.ingest.finish;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.streamflow.ingest.contract.Column;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.finish.MonthProfile.ColumnProfile;
import io.streamflow.ingest.finish.MonthProfile.Kind;
import io.streamflow.ingest.finish.MonthProfile.Side;
import io.streamflow.ingest.finish.MonthProfile.TableProfile;
import io.streamflow.ingest.finish.MonthProfile.ValueShare;
import io.streamflow.ingest.finish.ProfileQueries.Aggregates;
import io.streamflow.ingest.finish.ProfileQueries.Month;
import io.streamflow.ingest.finish.ProfileQueries.Rows;
import io.streamflow.ingest.run.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes the {@link MonthProfile} of a month against the newest as_of published before it, read from its snapshot
 * tables: of a run's staged rows, for the run's report, or of a published as_of from its snapshots, for the
 * dashboard's month page.
 */
public class MonthProfiles {

    private static final Logger LOG = LoggerFactory.getLogger(MonthProfiles.class);
    /** Values of a text or boolean column shown with their shares. */
    static final int TOP_VALUES = 5;

    private final ExpectationSuite suite;
    private final JdbcTemplate jdbc;
    private final ProfileQueries queries;
    private final Executor executor;

    /** @param executor runs the queries of the month's tables side by side */
    public MonthProfiles(ExpectationSuite suite, JdbcTemplate jdbc, Executor executor) {
        this.suite = suite;
        this.jdbc = jdbc;
        this.queries = new ProfileQueries(jdbc);
        this.executor = executor;
    }

    /**
     * The profile of the rows a run staged. A report is written whatever happens here: when the database fails while
     * the profile is read, the profile says why it is missing.
     */
    public MonthProfile staged(long runId, LocalDate asOf) {
        try {
            return profile(asOf, table -> Rows.staged(table, runId));
        } catch (RuntimeException e) {
            LOG.warn("No profile for run {} (as_of {}): {}", runId, asOf, Failures.rootMessage(e));
            return MonthProfile.unavailable(asOf, suite.drift().psiWarn(), Failures.rootMessage(e));
        }
    }

    /** The profile of a published as_of, from its snapshots; empty when no run published it. */
    public Optional<MonthProfile> published(LocalDate asOf) {
        boolean published = Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM ingestion_runs "
                + "WHERE as_of = ? AND status = 'PUBLISHED')", Boolean.class, asOf));
        return published ? Optional.of(profile(asOf, table -> Rows.published(table, asOf))) : Optional.empty();
    }

    /** The newest published as_of before this one, or null. */
    public LocalDate previousPublished(LocalDate asOf) {
        return jdbc.queryForObject("SELECT max(as_of) FROM ingestion_runs WHERE status = 'PUBLISHED' AND as_of < ?",
                LocalDate.class, asOf);
    }

    private MonthProfile profile(LocalDate asOf, Function<TableContract, Rows> rows) {
        LocalDate previousAsOf = previousPublished(asOf);
        double psiWarn = suite.drift().psiWarn();
        // the tables are independent: their queries run side by side, each on a connection of its own
        List<CompletableFuture<TableProfile>> tables = suite.tables().stream().map(table -> CompletableFuture.supplyAsync(
                () -> table(table, rows.apply(table), previousAsOf, psiWarn), executor)).toList();
        try {
            return new MonthProfile(asOf, previousAsOf, psiWarn, tables.stream().map(CompletableFuture::join).toList(),
                    null);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private TableProfile table(TableContract table, Rows rows, LocalDate previousAsOf, double psiWarn) {
        Month before = previousAsOf == null ? null
                : queries.month(table, Rows.published(table, previousAsOf), true, null);
        Month now = queries.month(table, rows, false, before == null ? null : before.deciles());
        List<ColumnProfile> columns = new ArrayList<>();
        for (Column column : table.columns()) {
            columns.add(column(column, now.aggregates().get(column.name()), now.bins().getOrDefault(column.name(), Map.of()),
                    before == null ? null : before.aggregates().get(column.name()),
                    before == null ? Map.of() : before.bins().getOrDefault(column.name(), Map.of()), psiWarn));
        }
        return new TableProfile(table.name(), table.fileName(), now.rows(), before == null ? null : before.rows(), columns);
    }

    private static ColumnProfile column(Column column, Aggregates now, Map<String, Long> binsNow, Aggregates before,
                                        Map<String, Long> binsBefore, double psiWarn) {
        Kind kind = ProfileQueries.kind(column);
        Side current = side(kind, now, binsNow, before, binsBefore);
        Side previous = before == null ? null : side(kind, before, binsBefore, null, Map.of());
        Double psi = kind == Kind.KEY || before == null ? null
                : PopulationStability.index(binsBefore, before.rows(), binsNow, now.rows());
        return new ColumnProfile(column.name(), kind, current, previous, psi, psi != null && psi > psiWarn);
    }

    /** A month's side of a column; the top values of a text or boolean column carry the other month's shares. */
    private static Side side(Kind kind, Aggregates month, Map<String, Long> bins, Aggregates other,
                             Map<String, Long> otherBins) {
        List<ValueShare> top = kind != Kind.CATEGORY || month.rows() == 0 ? List.of() : bins.entrySet().stream()
                .filter(e -> e.getKey() != null)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(TOP_VALUES)
                .map(e -> new ValueShare(e.getKey(), (double) e.getValue() / month.rows(),
                        other == null || other.rows() == 0 ? null
                                : (double) otherBins.getOrDefault(e.getKey(), 0L) / other.rows()))
                .toList();
        long nulls = month.rows() - month.values();
        return new Side(month.rows(), nulls, month.rows() == 0 ? 0 : (double) nulls / month.rows(), month.min(),
                month.max(), month.mean(), top);
    }
}
