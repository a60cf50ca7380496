package io.streamflow.ingest.intake;

import io.streamflow.ingest.staging.RowDigests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.Column;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.StageClock;
import org.apache.camel.Exchange;

/**
 * Checks one chunk of CSV records against its table's column contract. Rows that pass become the message
 * body for {@link StagingCopy}: one list per row, run_id, line_no and the typed values of the contract columns
 * (null for NULL); every failed check becomes a RowError (header {@value #ERRORS}), pointing at the physical line
 * and the column.
 */
public class RowChecker {

    public static final String ERRORS = "StreamflowRowErrors";
    /** How many rows of the chunk passed (the route tests this rather than the body's size: see intake.yaml). */
    public static final String PASSED = "StreamflowRowsPassed";

    private final StageClock clock;
    private final RowDigests digests;

    public RowChecker(StageClock clock, RowDigests digests) {
        this.clock = clock;
        this.digests = digests;
    }

    public void check(Exchange exchange) {
        long started = System.nanoTime();
        @SuppressWarnings("unchecked")
        List<CsvLine> records = exchange.getIn().getBody(List.class);
        FileIntake file = exchange.getProperty(FileIntake.PROPERTY, FileIntake.class);
        long runId = file.runId();
        TableContract table = file.table();
        int[] positions = file.header().positions();
        int width = file.header().width();
        boolean firstChunk = exchange.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class) == 0;
        List<Column> columns = table.columns();

        List<List<Object>> rows = new ArrayList<>(records.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        RowDigests.Chunk digest = digests.chunk();
        for (int i = firstChunk ? 1 : 0; i < records.size(); i++) { // the first record of the file is its header
            CsvLine record = records.get(i);
            List<String> fields = record.fields();
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue; // a blank line
            }
            int line = (int) Math.min(record.line(), Integer.MAX_VALUE);
            if (fields.size() != width) {
                errors.add(new RowError(line, "", Rule.FIELD_COUNT,
                        fields.size() + " fields where the header has " + width).toRow(runId, table.name()));
                continue;
            }
            Object[] row = new Object[columns.size() + 2];
            row[0] = runId;
            row[1] = line;
            boolean passed = true;
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                String raw = positions[c] < 0 ? null : fields.get(positions[c]);
                Column.Violation result = positions[c] < 0 ? new Column.Violation(null, null)
                        : column.check(raw, file.asOf());
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
        if (file.progress() != null) {
            file.progress().read(firstChunk ? records.size() - 1 : records.size());
        }
        digests.add(runId, table.name(), digest);
        exchange.getIn().setBody(rows);
        exchange.getIn().setHeader(PASSED, rows.size());
        exchange.getIn().setHeader(ERRORS, errors);
        clock.add(runId, StageClock.VALIDATE, System.nanoTime() - started);
    }
}
