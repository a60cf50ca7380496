package io.streamflow.ingest.staging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.intake.CheckedChunk;
import io.streamflow.ingest.intake.FileIntake;
import io.streamflow.ingest.intake.InputRefusedException;
import io.streamflow.ingest.intake.RowError;
import io.streamflow.ingest.run.Failures;
import io.streamflow.ingest.run.RunState;
import io.streamflow.ingest.run.Runs;
import io.streamflow.ingest.run.Stage;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

/**
 * Writes one chunk of checked rows (RowChecker's body: run_id, line_no and the contract columns per row) into
 * the run's staging partition with {@code COPY ... FROM STDIN}, PostgreSQL's bulk load. No Camel component
 * speaks COPY, and a batch of INSERTs costs the server about three times as much per row (parsing, planning
 * and executing each statement), which made staging the largest stage of a month.
 * <p>
 * Each chunk is one COPY, committed whole or not at all. A chunk sent again by the error handler's redelivery
 * (header {@code CamelRedelivered}; after a connection lost at commit, say) first looks for its first line,
 * and is not copied twice. Values are written in COPY's text format: NULL as {@code \N}; backslash, tab, newline and
 * carriage return escaped; decimals in plain notation; booleans as {@code t} and {@code f}; integers and dates (years
 * 1900 to the month's, as the row checks allow) as their text.
 */
public class StagingCopy {

    /** The position COPY reports a refused row at: "COPY staging_users_r5, line 3, column signup_date: ...". */
    private static final Pattern COPY_LINE = Pattern.compile("line (\\d+)(?:, column ([a-z0-9_]+))?");

    private final DataSource dataSource;
    private final Runs runs;
    private final RowDigests digests;

    public StagingCopy(DataSource dataSource, Runs runs, RowDigests digests) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.digests = digests;
    }

    /**
     * Stages the chunk's rows and adds them to the table's content digest, once, whatever the redeliveries.
     *
     * @param redelivered the error handler sends the chunk again (after a connection lost at commit, say)
     */
    public void copy(@Body CheckedChunk chunk, @ExchangeProperty(FileIntake.PROPERTY) FileIntake file,
                     @Header(Exchange.REDELIVERED) Boolean redelivered) throws SQLException {
        List<List<Object>> rows = chunk.rows();
        if (rows.isEmpty()) {
            return;
        }
        long runId = file.runId();
        TableContract table = file.table();
        String partition = StagingArea.partition(table.stagingTable(), runId);
        RunState run = runs.of(runId);
        RowDigests.Chunk digest = digests.chunk();
        try (RunState.Timer timer = run.time(Stage.STAGE)) {
            copy(encode(rows, digest), rows, table, partition, runId, Boolean.TRUE.equals(redelivered));
        }
        digests.add(runId, table.name(), digest); // once staged: a failed attempt's sum is dropped with it
    }

    private void copy(byte[] data, List<List<Object>> rows, TableContract table, String partition, long runId,
                      boolean redelivered) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // only a redelivered chunk can find itself staged: a first attempt skips the lookup
                if (!redelivered || !alreadyStaged(connection, partition, runId, (Integer) rows.get(0).get(1))) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "COPY " + partition + " (run_id, line_no, " + String.join(", ", table.columnNames())
                                    + ") FROM STDIN", new ByteArrayInputStream(data));
                }
                connection.commit();
            } catch (IOException e) { // the connection broke while the chunk was sent
                throw rolledBack(connection, new SQLTransientConnectionException("COPY into " + partition
                        + " failed: " + e, "08006", e));
            } catch (SQLException e) {
                rolledBack(connection, e);
                if (Failures.isTransient(e)) {
                    throw e; // the error handler retries it
                }
                throw refused(e, rows, table);
            } catch (RuntimeException e) {
                throw rolledBack(connection, e);
            }
        }
    }

    /**
     * The database refused a row the checks let through (they mirror its domain, so this would be a gap in them): the
     * file is refused, naming the file line of the row (COPY counts lines within the chunk) and the column.
     */
    static InputRefusedException refused(SQLException e, List<List<Object>> rows, TableContract table) {
        String where = e instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getWhere() != null ? psql.getServerErrorMessage().getWhere() : "";
        Matcher at = COPY_LINE.matcher(where);
        int line = 0;
        String column = "";
        if (at.find()) {
            int inChunk = Integer.parseInt(at.group(1));
            if (inChunk >= 1 && inChunk <= rows.size()) {
                line = (Integer) rows.get(inChunk - 1).get(1);
            }
            column = at.group(2) == null ? "" : at.group(2);
        }
        return new InputRefusedException(new RowError(line, column, Rule.STAGE_FAILED, "the database refused the row: "
                + Failures.rootMessage(e) + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")")), e);
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
     * Whether the chunk starting at this line is in the partition already: a chunk is committed whole, so its
     * first line tells. Staging has no index (migration V11), so this is a scan of the run's partition, paid only
     * by a chunk redelivered after its connection broke, never on the way of a healthy file.
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

    /**
     * The rows in COPY's text format, one line per row, and each row's contract values (from the third on: run_id and
     * line_no are not content) into the digest: every value is turned into its text once, for both.
     */
    static byte[] encode(List<List<Object>> rows, RowDigests.Chunk digest) {
        StringBuilder text = new StringBuilder(rows.size() * 64);
        for (List<Object> row : rows) {
            text.append(row.get(0)).append('\t').append(row.get(1));
            digest.beginRow();
            for (int i = 2; i < row.size(); i++) {
                String value = RowDigests.Chunk.text(row.get(i));
                digest.value(value);
                text.append('\t');
                appendValue(text, value);
            }
            digest.endRow();
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A value's text in COPY's text format: NULL as \N; backslash, tab, newline and carriage return escaped. */
    private static void appendValue(StringBuilder text, String value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
