package io.streamflow.ingest.intake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.Column;
import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.observe.FileProgress;
import io.streamflow.ingest.month.StageClock;
import org.apache.camel.Exchange;

/**
 * Checks one chunk of CSV records against its table's column contract. Rows that pass become the message
 * body for {@link StagingCopy}: one list per row, run_id, line_no and the typed values of the contract columns
 * (null for NULL); every failed check becomes a RowError
 * (header {@value #ERRORS}), pointing at the line and column.
 */
public class RowChecker {

    public static final String ERRORS = "StreamflowRowErrors";
    /** How many rows of the chunk passed (the route tests this rather than the body's size: see intake.yaml). */
    public static final String PASSED = "StreamflowRowsPassed";

    private final ExpectationSuite suite;
    private final int chunkSize;
    private final StageClock clock;
    private final RowDigests digests;

    public RowChecker(ExpectationSuite suite, int chunkSize, StageClock clock, RowDigests digests) {
        this.suite = suite;
        this.chunkSize = chunkSize;
        this.clock = clock;
        this.digests = digests;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public void check(Exchange exchange) {
        long started = System.nanoTime();
        @SuppressWarnings("unchecked")
        List<List<String>> records = exchange.getIn().getBody(List.class);
        long runId = exchange.getIn().getHeader(TableIntake.RUN_ID, Long.class);
        TableContract table = suite.table(exchange.getIn().getHeader(TableIntake.TABLE, String.class));
        int[] positions = exchange.getIn().getHeader(TableIntake.POSITIONS, int[].class);
        int width = exchange.getIn().getHeader(TableIntake.WIDTH, Integer.class);
        long firstRecord = (long) exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class) * chunkSize;
        List<Column> columns = table.columns();

        List<List<Object>> rows = new ArrayList<>(records.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        RowDigests.Chunk digest = digests.chunk();
        for (int i = 0; i < records.size(); i++) {
            long recordIndex = firstRecord + i;
            List<String> record = records.get(i);
            if (recordIndex == 0 || (record.size() == 1 && record.get(0).isEmpty())) {
                continue; // the header, or a blank line
            }
            int line = (int) recordIndex + 1;
            if (record.size() != width) {
                errors.add(new RowError(line, "", Rule.FIELD_COUNT,
                        record.size() + " fields where the header has " + width).toRow(runId, table.name()));
                continue;
            }
            Object[] row = new Object[columns.size() + 2];
            row[0] = runId;
            row[1] = line;
            boolean passed = true;
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                String raw = positions[c] < 0 ? null : record.get(positions[c]);
                Column.Violation result = positions[c] < 0 ? new Column.Violation(null, null) : column.check(raw);
                if (result.failed()) {
                    errors.add(new RowError(line, column.name(), result.rule(), raw).toRow(runId, table.name()));
                    passed = false;
                } else {
                    row[c + 2] = result.value();
                }
            }
            if (passed) {
                digest.add(columns, row, 2);
                rows.add(Arrays.asList(row));
            }
        }
        FileProgress progress = exchange.getIn().getHeader(FileProgress.HEADER, FileProgress.class);
        if (progress != null) {
            progress.read(firstRecord == 0 ? records.size() - 1 : records.size());
        }
        digests.add(runId, table.name(), digest);
        exchange.getIn().setBody(rows);
        exchange.getIn().setHeader(PASSED, rows.size());
        exchange.getIn().setHeader(ERRORS, errors);
        clock.add(runId, StageClock.VALIDATE, System.nanoTime() - started);
    }
}
