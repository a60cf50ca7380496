package io.streamflow.ingest.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.streamflow.ingest.contract.Column;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * One pass over a file before its rows are parsed: its SHA-256 and size, and its header checked against
 * the table contract (columns in any order; unknown, duplicated or missing required columns refuse it).
 *
 * @param positions for each contract column, its index in the file, or -1 when an optional column is absent
 */
public record HeaderCheck(String sha256, long bytes, int[] positions, int width, List<RowError> errors) {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    public boolean ok() {
        return errors.isEmpty();
    }

    public static HeaderCheck inspect(Path file, TableContract contract) throws IOException {
        MessageDigest sha256 = newDigest();
        ByteArrayOutputStream firstLine = new ByteArrayOutputStream();
        boolean lineEnded = false;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                bytes += n;
                for (int i = 0; i < n && !lineEnded; i++) {
                    if (buffer[i] == '\n' || buffer[i] == '\r' || firstLine.size() >= MAX_HEADER_BYTES) {
                        lineEnded = true;
                    } else {
                        firstLine.write(buffer[i]);
                    }
                }
            }
        }
        String digest = HexFormat.of().formatHex(sha256.digest());
        String header = firstLine.toString(StandardCharsets.UTF_8);
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        if (header.isBlank()) {
            return new HeaderCheck(digest, bytes, new int[0], 0, List.of(new RowError(0, "", Rule.NOT_EMPTY,
                    bytes == 0 ? "the file is empty" : "the first line (header) is empty")));
        }
        List<String> names = parseHeader(header);
        List<RowError> errors = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                errors.add(new RowError(1, name, Rule.COLUMN_DUPLICATED, name));
            } else if (contract.column(name) == null) {
                errors.add(new RowError(1, name, Rule.COLUMN_UNKNOWN, name));
            }
        }
        List<Column> columns = contract.columns();
        int[] positions = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            positions[i] = names.indexOf(column.name());
            if (positions[i] < 0 && !column.optional()) {
                errors.add(new RowError(1, column.name(), Rule.COLUMN_MISSING, null));
            }
        }
        return new HeaderCheck(digest, bytes, positions, names.size(), List.copyOf(errors));
    }

    private static List<String> parseHeader(String line) throws IOException {
        try (var parser = CSVFormat.DEFAULT.parse(new StringReader(line))) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of() : records.get(0).toList();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            return List.of(line);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
