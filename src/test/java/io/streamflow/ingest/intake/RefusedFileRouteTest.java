package io.streamflow.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.streamflow.ingest.RoutesWithoutDatabase;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.InvalidInputException;
import io.streamflow.ingest.run.MonthFolder;
import io.streamflow.ingest.run.MonthHeaders;
import io.streamflow.ingest.run.RetryBudget;
import io.streamflow.ingest.run.Runs;
import org.apache.camel.Body;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specifies how the intake routes (file-intake, stage-file, record-errors) end a file they cannot take: a file that
 * belongs to no month is moved to the failed area and feeds no month; a file whose bytes are refused half-way has
 * the refusal recorded as its table's error, is read no further, and is still handed to its month.
 */
@CamelMainTest(propertyPlaceholderLocations = RoutesWithoutDatabase.PROPERTIES,
        // the service's intake (streamflow.watch), its file and timer consumers replaced by direct endpoints
        properties = {RoutesWithoutDatabase.INTAKE_ROUTES, "streamflow.watch=true", "streamflow.chunk-size=100"},
        replaceRouteFromWith = {"file-intake=direct:file-intake", "inbox-sweep=direct:inbox-sweep"},
        advices = @AdviceRouteMapping(route = "record-errors", advice = RefusedFileRouteTest.StagingErrors.class),
        mockEndpointsAndSkip = "direct:table-staged")
class RefusedFileRouteTest {

    private static final Path FAILED = Path.of("target/route-test/failed").toAbsolutePath();
    /** The month the intake's clock is in: month_000 to month_005 are months, month_006 is not yet. */
    private static final Clock JUNE_2024 = Clock.fixed(Instant.parse("2024-06-15T12:00:00Z"), ZoneOffset.UTC);

    /** record-errors with its INSERT into staging_errors replaced by a mock endpoint. */
    public static class StagingErrors extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("sql:*").replace().to("mock:staging-errors");
        }
    }

    @Produce("direct:file-intake")
    ProducerTemplate fileIntake;

    @EndpointInject("mock:staging-errors")
    MockEndpoint stagingErrors;

    @EndpointInject("mock:direct:table-staged")
    MockEndpoint tableStaged;

    @ReplaceInRegistry
    MonthFolder monthFolder = new MonthFolder(YearMonth.of(2024, 1), Path.of("target/route-test/inbox"),
            Path.of("target/route-test/staged"), Path.of("target/route-test/archive"), FAILED, JUNE_2024);

    @ReplaceInRegistry
    TableIntake tableIntake = new IntakeWithoutRunLog(monthFolder);

    @ReplaceInRegistry
    RowChecker rowChecker = new RowChecker(new Runs());

    @ReplaceInRegistry
    NoPartition stagingArea = new NoPartition();

    @ReplaceInRegistry
    StagedRows stagingCopy = new StagedRows();

    @ReplaceInRegistry
    RetryBudget retryBudget = new RetryBudget(Duration.ZERO);

    @ReplaceInRegistry
    Inbox inbox = new Inbox(monthFolder.inbox(), monthFolder.unrecognisedFolder(), monthFolder,
            RoutesWithoutDatabase.SUITE, Duration.ofMillis(500));

    @ParameterizedTest
    @ValueSource(strings = {"month_006/users.csv", "month_9999/users.csv", "2023-12/users.csv", "users.csv",
            "../../etc/users.csv", "month_000/../users.csv", "month_000/sub/users.csv"})
    void aFileOfNoMonthIsMovedToTheFailedAreaAndFeedsNoMonth(String name, @TempDir Path dir) throws Exception {
        stagingErrors.expectedMessageCount(0);
        tableStaged.expectedMessageCount(0);

        Exchange done = taken(name, usersFile(dir, 3, -1, ""));

        MockEndpoint.assertIsSatisfied(stagingErrors, tableStaged);
        assertThat(done.getException()).isNull();
        Path movedTo = Path.of(done.getIn().getHeader(MonthHeaders.MOVE_TO, String.class));
        assertThat(movedTo.normalize().getParent()).isEqualTo(FAILED.resolve("unrecognised"));
        assertThat(stagingCopy.lines()).isEmpty();
    }

    @Test
    void aFileWhoseBytesAreRefusedHalfWayHasTheRefusalRecordedAndIsStillHandedToItsMonth(@TempDir Path dir)
            throws Exception {
        Map<String, Object> refusal = refusedAtLine1200(dir, "\u00FFu01200,2020-01-01,Female,False,True,False");

        assertThat(refusal).isEqualTo(Map.of("run_id", 7L, "table_name", "users", "line_no", 1200,
                "column_name", "user_id", "rule", "encoding", "value", "not valid UTF-8 (byte 0xFF)"));
    }

    @Test
    void aFileWhoseCsvBreaksHalfWayHasTheRefusalRecordedAndIsStillHandedToItsMonth(@TempDir Path dir)
            throws Exception {
        Map<String, Object> refusal = refusedAtLine1200(dir, "\"u01200\"x,2020-01-01,Female,False,True,False");

        assertThat(refusal).containsEntry("run_id", 7L).containsEntry("table_name", "users")
                .containsEntry("rule", "csv_syntax").containsEntry("line_no", 1200);
    }

    @Test
    void aFileReadToItsEndRecordsNoErrorAndIsHandedToItsMonth(@TempDir Path dir) throws Exception {
        stagingErrors.expectedMessageCount(0);
        tableStaged.expectedBodiesReceived("users");

        Exchange done = taken("month_000/users.csv", usersFile(dir, 250, -1, ""));

        MockEndpoint.assertIsSatisfied(stagingErrors, tableStaged);
        assertThat(done.getException()).isNull();
        assertThat(stagingCopy.lines()).hasSize(249).contains(2L, 250L);
    }

    /**
     * Takes a users.csv of 1500 lines whose line 1200 is the given text; checks that its one refusal is recorded,
     * the lines before it are staged and nothing from it on, and the file still goes to staged/ and to its month.
     * Returns the refusal.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> refusedAtLine1200(Path dir, String line1200) throws Exception {
        stagingErrors.expectedMessageCount(1);
        tableStaged.expectedBodiesReceived("users");

        Exchange done = taken("month_000/users.csv", usersFile(dir, 1500, 1200, line1200));

        MockEndpoint.assertIsSatisfied(stagingErrors, tableStaged);
        assertThat(done.getException()).isNull();
        assertThat(done.getIn().getHeader(MonthHeaders.MOVE_TO, String.class)).isEqualTo("staged-by-run-7");
        // the rows before it are staged as they are read (the file is streamed, never read whole first): all but the
        // last block the reader had read ahead when it met line 1200
        assertThat(stagingCopy.lines()).allMatch(line -> line < 1200).hasSizeGreaterThan(1000).contains(2L);
        List<?> errors = stagingErrors.getReceivedExchanges().get(0).getIn().getBody(List.class);
        assertThat(errors).hasSize(1);
        return (Map<String, Object>) errors.get(0);
    }

    private Exchange taken(String relativeName, Path file) {
        return fileIntake.send(exchange -> {
            exchange.getIn().setBody(file.toFile(), File.class);
            exchange.getIn().setHeader(Exchange.FILE_NAME, relativeName);
        });
    }

    /**
     * users.csv with a header and valid rows up to the given line, but for line badLine (-1: none), whose text is
     * written byte for byte (ISO-8859-1: U+00FF is the byte 0xFF).
     */
    private static Path usersFile(Path dir, int lines, int badLine, String badText) throws IOException {
        StringBuilder csv = new StringBuilder(
                "user_id,signup_date,user_gender,user_is_senior,has_family,has_dependents\n");
        for (int line = 2; line <= lines; line++) {
            csv.append(line == badLine ? badText : String.format("u%05d,2020-01-01,Female,False,True,False", line))
                    .append('\n');
        }
        return Files.write(dir.resolve("users.csv"), csv.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The intake without its run log: begin refuses what the real one refuses before it opens a run (a name that is
     * not MONTH/FILE, a folder that is no month) and otherwise names run 7 of the file's month; finish hands on the
     * table's name. The checked reading and the refusal are the real ones.
     */
    static final class IntakeWithoutRunLog extends TableIntake {

        private final MonthFolder months;

        IntakeWithoutRunLog(MonthFolder months) {
            super(RoutesWithoutDatabase.SUITE, months, null, null, null, new Runs(), 1024);
            this.months = months;
        }

        @Override
        public void begin(Exchange exchange) throws IOException {
            String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
            String[] parts = name.split("/");
            if (parts.length != 2) {
                throw new InvalidInputException("'" + name + "' is not MONTH_FOLDER/FILE.csv");
            }
            LocalDate asOf = months.asOf(parts[0]);
            TableContract table = RoutesWithoutDatabase.SUITE.tableForFile(parts[1]);
            Path path = exchange.getIn().getBody(File.class).toPath();
            exchange.getIn().setHeader(MonthHeaders.RUN_ID, 7L);
            exchange.getIn().setHeader(MonthHeaders.MONTH, parts[0]);
            exchange.getIn().setHeader(MonthHeaders.AS_OF, asOf.toString());
            exchange.getIn().setHeader(MonthHeaders.MOVE_TO, "staged-by-run-7");
            exchange.setProperty(FileIntake.PROPERTY, new FileIntake(7, parts[0], asOf, parts[1], path, table,
                    HeaderCheck.inspect(path, table), null));
            exchange.getIn().setBody(List.of());
        }

        @Override
        public String finish(Exchange exchange) {
            FileIntake file = exchange.getProperty(FileIntake.PROPERTY, FileIntake.class);
            exchange.removeProperty(FileIntake.PROPERTY);
            return file.table().name();
        }
    }

    /** The staging area's stand-in (stagingArea): no partition to ready. */
    public static final class NoPartition {
        public void open(@ExchangeProperty(FileIntake.PROPERTY) FileIntake file) {
            // the rows go to StagedRows, not to PostgreSQL
        }
    }

    /** The COPY's stand-in (stagingCopy): keeps the line of every row it would have staged. */
    public static final class StagedRows {

        private final List<Long> lines = new CopyOnWriteArrayList<>();

        public void copy(@Body CheckedChunk chunk) {
            chunk.rows().forEach(row -> lines.add(((Number) row.get(1)).longValue()));
        }

        List<Long> lines() {
            return List.copyOf(lines);
        }
    }
}
