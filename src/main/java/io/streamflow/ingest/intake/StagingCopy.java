package io.streamflow.ingest.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.month.StageClock;
import org.apache.camel.Exchange;
import org.postgresql.PGConnection;

/**
 * Writes one chunk of checked rows (RowChecker's body: run_id, line_no and the contract columns per row) into
 * the run's staging partition with {@code COPY ... FROM STDIN}, PostgreSQL's bulk load. No Camel component
 * speaks COPY, and a batch of INSERTs costs the server about three times as much per row (parsing, planning
 * and executing each statement), which made staging the largest stage of a month.
 * <p>
 * Each chunk is one COPY, committed whole or not at all. A chunk sent again by the error handler's redelivery
 * (header {@code CamelRedelivered}; after a connection lost at commit, say) first looks for its first line,
 * and is not copied twice. Values are written in COPY's text format: NULL as {@code \N}; backslash, tab, newline and
 * carriage return escaped; decimals in plain notation; booleans and integers as their text; dates as
 * PostgreSQL reads them ({@link #appendDate}).
 */
public class StagingCopy {

    private final ExpectationSuite suite;
    private final DataSource dataSource;
    private final StageClock clock;

    public StagingCopy(ExpectationSuite suite, DataSource dataSource, StageClock clock) {
        this.suite = suite;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public void copy(Exchange exchange) throws SQLException {
        @SuppressWarnings("unchecked")
        List<List<Object>> rows = exchange.getIn().getBody(List.class);
        if (rows == null || rows.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        long runId = exchange.getIn().getHeader(TableIntake.RUN_ID, Long.class);
        TableContract table = suite.table(exchange.getIn().getHeader(TableIntake.TABLE, String.class));
        String partition = StagingArea.partition(table.stagingTable(), runId);
        byte[] data = encode(rows);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // only a redelivered chunk can find itself staged: a first attempt skips the lookup
                boolean redelivered = exchange.getIn().getHeader(Exchange.REDELIVERED, false, Boolean.class);
                if (!redelivered || !alreadyStaged(connection, partition, runId, (Integer) rows.get(0).get(1))) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "COPY " + partition + " (run_id, line_no, " + String.join(", ", table.columnNames())
                                    + ") FROM STDIN", new ByteArrayInputStream(data));
                }
                connection.commit();
            } catch (IOException e) { // reading the in-memory chunk: not a CSV syntax error (intake.yaml's doCatch)
                throw rolledBack(connection, new SQLException("COPY into " + partition + " failed", e));
            } catch (SQLException e) {
                throw rolledBack(connection, e);
            } catch (RuntimeException e) {
                throw rolledBack(connection, e);
            }
        }
        clock.add(runId, StageClock.STAGE, System.nanoTime() - started);
    }

    /** Rolls back after a failure, keeping the failure the one reported (the pool resets the connection). */
    private static <E extends Exception> E rolledBack(Connection connection, E failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * A date as PostgreSQL reads it: ISO within years 1 to 9999 (as LocalDate prints it), more digits without
     * a sign after 9999, and the BC era before year 1 (ISO year 0 is 1 BC), where ISO text would be refused.
     */
    static void appendDate(StringBuilder text, LocalDate date) {
        int year = date.getYear();
        if (year >= 1 && year <= 9999) {
            text.append(date);
            return;
        }
        text.append(String.format(Locale.ROOT, "%04d-%02d-%02d", year >= 1 ? year : 1 - year, date.getMonthValue(),
                date.getDayOfMonth()));
        if (year < 1) {
            text.append(" BC");
        }
    }

    /**
     * Whether the chunk starting at this line is in the partition already: a chunk is committed whole, so its
     * first line tells. A lookup of the whole primary key, planned as such even before the partition has
     * statistics (a range condition would be planned as a scan of the partition for every chunk).
     */
    private static boolean alreadyStaged(Connection connection, String partition, long runId, int firstLine)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM " + partition + " WHERE run_id = ? AND line_no = ?")) {
            select.setLong(1, runId);
            select.setInt(2, firstLine);
            try (ResultSet found = select.executeQuery()) {
                return found.next();
            }
        }
    }

    /** The rows in COPY's text format, one line per row. */
    static byte[] encode(List<List<Object>> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 64);
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    text.append('\t');
                }
                appendValue(text, row.get(i));
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendValue(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof String string) {
            for (int i = 0; i < string.length(); i++) {
                char c = string.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\t' -> text.append("\\t");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
        } else if (value instanceof BigDecimal decimal) {
            text.append(decimal.toPlainString());
        } else if (value instanceof LocalDate date) {
            appendDate(text, date);
        } else {
            text.append(value); // Integer, Long, Boolean (true/false)
        }
    }
}
