package io.streamflow.ingest.intake;

import java.util.List;

/** One record of a CSV file: the physical line it starts on and its fields as written. */
public record CsvLine(long line, List<String> fields) {
}
