package io.streamflow.ingest.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * @param names     the file's column names, in file order
 */
public record HeaderCheck(String sha256, long bytes, int[] positions, int width, List<String> names,
                          List<RowError> errors) {

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
        try (InputStream in = open(file)) {
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
        if (firstLine.size() >= MAX_HEADER_BYTES) {
            return refused(digest, bytes, Rule.LINE_LENGTH, "the header line is longer than " + MAX_HEADER_BYTES + " bytes");
        }
        String header;
        try {
            header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(firstLine.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return refused(digest, bytes, Rule.ENCODING, "the header line is not valid UTF-8");
        }
        if (header.indexOf('\0') >= 0) {
            return refused(digest, bytes, Rule.ENCODING, "the header line holds a NUL byte (0x00)");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        if (header.isBlank()) {
            return new HeaderCheck(digest, bytes, new int[0], 0, List.of(), List.of(new RowError(0, "", Rule.NOT_EMPTY,
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
        return new HeaderCheck(digest, bytes, positions, names.size(), List.copyOf(names), List.copyOf(errors));
    }

    /**
     * Opens a file for reading, refusing a symbolic link (or anything else that is not a regular file) without
     * opening what it points to: a link named users.csv pointing to /etc/passwd is never read.
     */
    public static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file.getFileName() + " is not a regular file");
        }
        return java.nio.channels.Channels.newInputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
    }

    private static HeaderCheck refused(String digest, long bytes, Rule rule, String message) {
        return new HeaderCheck(digest, bytes, new int[0], 0, List.of(), List.of(new RowError(1, "", rule, message)));
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
