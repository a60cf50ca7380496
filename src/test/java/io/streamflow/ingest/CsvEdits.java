package io.streamflow.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Changes the tests make to a copy of a generated month's CSV files (line 1 is the header). */
final class CsvEdits {

    /** A change to a month folder. */
    @FunctionalInterface
    interface MonthChange {
        void apply(Path month) throws IOException;
    }

    private CsvEdits() {
    }

    /** Copies a month folder so that a test may change it. */
    static Path copy(Path month, Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(month)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    /** Replaces one field of one data line (1 = header) of a CSV file. */
    static void setField(Path csv, int line, String column, String value) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        String[] fields = lines.get(line - 1).split(",", -1);
        fields[header.indexOf(column)] = value;
        lines.set(line - 1, String.join(",", fields));
        Files.write(csv, lines, StandardCharsets.UTF_8);
    }

    /** The text of one field of one line, as written in the file. */
    static String field(Path csv, int line, String column) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        return lines.get(line - 1).split(",", -1)[header.indexOf(column)];
    }

    static List<String> lines(Path csv) throws IOException {
        return new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
    }

    static void write(Path csv, List<String> lines) throws IOException {
        Files.write(csv, lines, StandardCharsets.UTF_8);
    }

    static void rewrite(Path file, UnaryOperator<String> change) throws IOException {
        Files.writeString(file, change.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    static void eachFile(Path month, UnaryOperator<String> change) throws IOException {
        try (Stream<Path> files = Files.list(month)) {
            for (Path file : files.toList()) {
                rewrite(file, change);
            }
        }
    }

    static void removeColumn(Path csv, String column) throws IOException {
        List<String> lines = lines(csv);
        int index = Arrays.asList(lines.get(0).split(",", -1)).indexOf(column);
        write(csv, lines.stream().map(line -> {
            List<String> fields = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            fields.remove(index);
            return String.join(",", fields);
        }).toList());
    }

    static void addColumn(Path csv, String column, String value) throws IOException {
        List<String> lines = lines(csv);
        List<String> out = new ArrayList<>();
        out.add(lines.get(0) + "," + column);
        lines.stream().skip(1).forEach(line -> out.add(line + "," + value));
        write(csv, out);
    }

    static void reverseColumns(Path csv) throws IOException {
        write(csv, lines(csv).stream().map(line -> {
            List<String> fields = Arrays.asList(line.split(",", -1));
            Collections.reverse(fields);
            return String.join(",", fields);
        }).toList());
    }

    static void duplicateLine(Path csv, int line) throws IOException {
        List<String> lines = lines(csv);
        lines.add(lines.get(line - 1));
        write(csv, lines);
    }

    static void appendLine(Path csv, String text) throws IOException {
        List<String> lines = lines(csv);
        lines.add(text);
        write(csv, lines);
    }

    static void keepLines(Path csv, int count) throws IOException {
        write(csv, lines(csv).subList(0, count));
    }

    static void truncate(Path csv, int bytes) throws IOException {
        byte[] content = Files.readAllBytes(csv);
        Files.write(csv, Arrays.copyOf(content, content.length - bytes));
    }

    static String quoteAll(String text) {
        return Arrays.stream(text.split("\n", -1)).map(line -> line.isEmpty() ? line
                : Arrays.stream(line.split(",", -1)).map(f -> "\"" + f + "\"").collect(Collectors.joining(",")))
                .collect(Collectors.joining("\n"));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces one field of one line (1 = header) with raw bytes, whatever their encoding. */
    static void replaceBytes(Path csv, int line, String column, byte[] value) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int index = List.of(lines.get(0).split(",", -1)).indexOf(column);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            if (i == line - 1) {
                String[] fields = lines.get(i).split(",", -1);
                for (int f = 0; f < fields.length; f++) {
                    out.writeBytes(f == index ? value : bytes(fields[f]));
                    if (f < fields.length - 1) {
                        out.write(',');
                    }
                }
            } else {
                out.writeBytes(bytes(lines.get(i)));
            }
            out.write('\n');
        }
        Files.write(csv, out.toByteArray());
    }

    /** Removes the last {@code n} data lines; returns their user_ids. */
    static List<String> removeLines(Path csv, int n) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
        List<String> removed = lines.subList(lines.size() - n, lines.size()).stream().map(l -> l.split(",")[0]).toList();
        Files.write(csv, lines.subList(0, lines.size() - n), StandardCharsets.UTF_8);
        return removed;
    }

    static void removeUsers(Path csv, Set<String> users) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        Files.write(csv, lines.stream().filter(l -> !users.contains(l.split(",")[0])).collect(Collectors.toList()),
                StandardCharsets.UTF_8);
    }
}
