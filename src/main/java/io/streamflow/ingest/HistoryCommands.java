package io.streamflow.ingest;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.streamflow.ingest.export.TrainingSet;
import io.streamflow.ingest.finish.MonthReport;
import io.streamflow.ingest.publish.MonthRetraction;
import io.streamflow.ingest.run.RunLog;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The commands that read or change the history rather than ingest: {@code training-set} and {@code retract}.
 * Both work beside a running service: a retraction takes the publisher's lock, and the service notices nothing
 * but the changed tables.
 */
final class HistoryCommands {

    private HistoryCommands() {
    }

    /** {@code training-set --as-of DATE --out FILE.csv [--label-as-of LATER_DATE]}. */
    static int trainingSet(String[] args, Map<String, String> overrides, PrintStream out) {
        LocalDate asOf = null;
        LocalDate labelAsOf = null;
        Path file = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--as-of" -> asOf = date(value, "--as-of");
                    case "--label-as-of" -> labelAsOf = date(value, "--label-as-of");
                    case "--out" -> file = Path.of(require(value, "--out"));
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
                i++;
            }
            if (asOf == null || file == null) {
                throw new IllegalArgumentException("training-set needs --as-of DATE and --out FILE.csv");
            }
            if (labelAsOf != null && labelAsOf.isBefore(asOf)) {
                throw new IllegalArgumentException("--label-as-of " + labelAsOf + " is before --as-of " + asOf
                        + ": a label from before the features would leak the other way");
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new IllegalArgumentException("cannot write " + file + ": its folder does not exist or is not writable");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + Streamflow.USAGE);
            return ExitCode.USAGE;
        }
        LocalDate features = asOf;
        LocalDate labels = labelAsOf == null ? asOf : labelAsOf;
        Path target = file;
        return Streamflow.withDatabase(exportSettings(overrides), "write the training set", database -> {
            RunLog runLog = new RunLog(new JdbcTemplate(database.dataSource()));
            List<LocalDate> published = runLog.publishedAsOfs();
            for (LocalDate date : features.equals(labels) ? List.of(features) : List.of(features, labels)) {
                if (!published.contains(date)) {
                    System.err.println("as_of " + date + " is not published (published: " + list(published) + ")");
                    return ExitCode.REFUSED;
                }
            }
            long rows = new TrainingSet(database.dataSource()).write(features, labels, target);
            out.println("training set " + features + (labels.equals(features) ? "" : " (labels of " + labels + ")")
                    + ": " + rows + " rows written to " + target);
            return ExitCode.OK;
        });
    }

    /**
     * The settings of the training-set export: the schema's version checked, and the server's own work_mem instead of
     * the service's larger one (unless an override names one). The export's one query hash-joins a month's six
     * partitions: with the server's 4MB the planner joins the narrow tables first, and a million rows came in 5.3 s;
     * with 64MB it joined the wide ones first, in memory, and took 7.9 s (docs/benchmarks.md).
     */
    static Map<String, String> exportSettings(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Streamflow.schemaVersionChecked(overrides));
        settings.putIfAbsent("streamflow.db.work-mem", "");
        return settings;
    }

    /** {@code retract DATE}. */
    static int retract(String[] args, Map<String, String> overrides, PrintStream out) {
        LocalDate asOf;
        try {
            if (args.length != 1) {
                throw new IllegalArgumentException("retract takes one as_of date (YYYY-MM-DD)");
            }
            asOf = date(args[0], "retract");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + Streamflow.USAGE);
            return ExitCode.USAGE;
        }
        return Streamflow.withBeans(overrides, "retract " + asOf, registry -> {
            MonthRetraction.Retracted done;
            try {
                done = registry.lookupByNameAndType("monthRetraction", MonthRetraction.class).retract(asOf);
            } catch (MonthRetraction.NotPublishedException e) {
                System.err.println("cannot retract: " + e.getMessage());
                return ExitCode.REFUSED;
            }
            registry.lookupByNameAndType("monthReport", MonthReport.class).refreshIndex();
            String live = done.live().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().get("updated") + "/" + e.getValue().get("inserted") + "/"
                            + e.getValue().get("deleted"))
                    .collect(Collectors.joining(", "));
            out.printf("%-12s %s  RETRACTED  run %d: %d snapshot rows removed; live rows updated/inserted/deleted: %s%n",
                    done.month(), done.asOf(), done.runId(), done.snapshotRows(), live);
            return ExitCode.OK;
        });
    }

    private static LocalDate date(String value, String option) {
        try {
            return LocalDate.parse(require(value, option));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " takes a date YYYY-MM-DD, not '" + value + "'");
        }
    }

    private static String require(String value, String option) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static String list(List<LocalDate> dates) {
        return dates.isEmpty() ? "none" : dates.stream().map(LocalDate::toString).collect(Collectors.joining(", "));
    }
}
