package io.streamflow.ingest.intake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.streamflow.ingest.contract.Column;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.RunState;
import io.streamflow.ingest.run.Runs;
import io.streamflow.ingest.run.Stage;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Checks one chunk of CSV records against its table's column contract: the rows that pass become typed rows for
 * staging, every failed check a RowError pointing at the physical line and the column ({@link CheckedChunk}).
 */
public class RowChecker {

    private final Runs runs;

    public RowChecker(Runs runs) {
        this.runs = runs;
    }

    /**
     * @param splitIndex the chunk's index in the file: the first chunk starts with the file's header
     */
    public CheckedChunk check(@Body List<CsvLine> records, @ExchangeProperty(FileIntake.PROPERTY) FileIntake file,
                              @ExchangeProperty(Exchange.SPLIT_INDEX) int splitIndex) {
        RunState run = runs.of(file.runId());
        try (RunState.Timer timer = run.time(Stage.VALIDATE)) {
            TableContract table = file.table();
            int[] positions = file.header().positions();
            int width = file.header().width();
            boolean firstChunk = splitIndex == 0;
            List<Column> columns = table.columns();
            List<List<Object>> rows = new ArrayList<>(records.size());
            List<Map<String, Object>> errors = new ArrayList<>();
            for (int i = firstChunk ? 1 : 0; i < records.size(); i++) { // the first record of the file is its header
                CsvLine record = records.get(i);
                List<String> fields = record.fields();
                if (fields.size() == 1 && fields.get(0).isEmpty()) {
                    continue; // a blank line
                }
                int line = (int) Math.min(record.line(), Integer.MAX_VALUE);
                if (fields.size() != width) {
                    errors.add(new RowError(line, "", Rule.FIELD_COUNT,
                            fields.size() + " fields where the header has " + width).toRow(file.runId(), table.name()));
                    continue;
                }
                Object[] row = new Object[columns.size() + 2];
                row[0] = file.runId();
                row[1] = line;
                boolean passed = true;
                for (int c = 0; c < columns.size(); c++) {
                    Column column = columns.get(c);
                    String raw = positions[c] < 0 ? null : fields.get(positions[c]);
                    Column.Violation result = positions[c] < 0 ? new Column.Violation(null, null)
                            : column.check(raw, file.asOf());
                    if (result.failed()) {
                        errors.add(new RowError(line, column.name(), result.rule(), raw).toRow(file.runId(), table.name()));
                        passed = false;
                    } else {
                        row[c + 2] = result.value();
                    }
                }
                if (passed) {
                    rows.add(Arrays.asList(row));
                }
            }
            if (file.progress() != null) {
                file.progress().read(firstChunk ? records.size() - 1 : records.size());
            }
            return new CheckedChunk(rows, errors);
        }
    }
}
