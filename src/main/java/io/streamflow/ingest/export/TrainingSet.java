package io.streamflow.ingest.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.BitSet;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

/**
 * Writes the point-in-time training set of an as_of to a CSV file: the rows of the database function
 * {@code training_set(as_of, label_as_of)} (db/V9), sorted by user_id in byte order, with a header. PostgreSQL
 * writes the CSV itself ({@code COPY (SELECT ...) TO STDOUT}), streamed to the file as it comes: memory stays flat
 * whatever the number of users, and decimals are written exactly as stored. Booleans are written True/False, as
 * the monthly exports write them (spelled out as the stream passes, {@link BooleanSpelling}); NULL is an empty field.
 */
public final class TrainingSet {

    private final DataSource dataSource;

    public TrainingSet(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes the set to {@code out} (through a temporary file beside it, moved into place once complete).
     *
     * @param labelAsOf the as_of whose churn_label is taken: asOf itself, or a later one
     * @return the number of data rows written
     */
    public long write(LocalDate asOf, LocalDate labelAsOf, Path out) throws SQLException, IOException {
        Path target = out.toAbsolutePath();
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        // dates come from LocalDate, so their text is ISO and safe to inline: COPY takes no bind parameters
        String source = "training_set(DATE '" + asOf + "', DATE '" + labelAsOf + "')";
        try (Connection connection = dataSource.getConnection()) {
            String select = "SELECT * FROM " + source + " t ORDER BY t.user_id COLLATE \"C\"";
            long rows;
            try (OutputStream file = new BooleanSpelling(
                    new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16), booleanColumns(connection))) {
                rows = connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("COPY (" + select + ") TO STDOUT WITH (FORMAT csv, HEADER)", file);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return rows;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * The indexes of the function's boolean columns: read from a call without an as_of, which returns at once (a call
     * with one would build the whole set before LIMIT 0 applied: the function returns its rows in one piece).
     */
    private static BitSet booleanColumns(Connection connection) throws SQLException {
        BitSet booleans = new BitSet();
        try (Statement statement = connection.createStatement();
             var empty = statement.executeQuery("SELECT * FROM training_set(NULL::date) LIMIT 0")) {
            ResultSetMetaData meta = empty.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                int type = meta.getColumnType(i);
                booleans.set(i - 1, type == Types.BOOLEAN || type == Types.BIT);
            }
        }
        return booleans;
    }
}
