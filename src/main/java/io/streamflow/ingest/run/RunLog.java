package io.streamflow.ingest.run;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ingestion_runs table: one row per attempt at a month, from its first file to its decision. */
public class RunLog {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public RunLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A file of a run as staged: its digest and how many of its rows were read and staged. */
    public record StagedFile(String table, String fileName, String sha256, long bytes, int rowsRead, int rowsStaged) {
    }

    /** A decided run of the same as_of, for the already-published check. */
    public record PublishedRun(long runId, String month, String contentSha256) {
    }

    /** A decided run: its id and status. */
    public record DecidedRun(long runId, RunStatus status) {
    }

    /** When a run was opened and decided (finished is null while it is open). */
    public record RunTimes(OffsetDateTime started, OffsetDateTime finished) {
    }

    /**
     * The open run of a month folder, created when its first file arrives; files of the month join it while it is
     * STAGING. While it is VALIDATING (its gate or publish is running) no file may join: {@link MonthBusyException}.
     */
    public long openRun(String month, LocalDate asOf, String mode) {
        for (int attempt = 0; ; attempt++) {
            Optional<Map<String, Object>> open = jdbc.queryForList(
                    "SELECT run_id, status FROM ingestion_runs WHERE month = ? AND status IN ('STAGING', 'VALIDATING')",
                    month).stream().findFirst();
            if (open.isPresent()) {
                long runId = ((Number) open.get().get("run_id")).longValue();
                if ("VALIDATING".equals(open.get().get("status"))) {
                    throw new MonthBusyException("run " + runId + " of " + month + " is being validated or published;"
                            + " its files join the next run once it is decided");
                }
                return runId;
            }
            try {
                return jdbc.queryForObject("INSERT INTO ingestion_runs (month, as_of, mode, status) "
                        + "VALUES (?, ?, ?, 'STAGING') RETURNING run_id", Long.class, month, asOf, mode);
            } catch (DuplicateKeyException raced) {
                if (attempt > 3) {
                    throw raced;
                }
            }
        }
    }

    /** Whether a run of the month is being validated or published (a file of it waits for the decision). */
    public boolean beingDecided(String month) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM ingestion_runs WHERE month = ? "
                + "AND status = 'VALIDATING')", Boolean.class, month));
    }

    /**
     * The run of a month that staged a file of the table with this digest and was decided after the file was written
     * (so the file was part of the drop that run took in), within the last seconds, when no run of the month is open
     * and none came after it: a copy of the same folder dropped again while the run was in flight. A file written
     * after the decision is a new drop (a month re-dropped after a refusal, say), never a twin; nor is any file of a
     * run that could not be decided (the database away).
     */
    public Optional<DecidedRun> recentTwin(String month, String table, String sha256, Instant written, int withinSeconds) {
        return jdbc.query("SELECT r.run_id, r.status FROM ingestion_runs r JOIN staged_files f ON f.run_id = r.run_id "
                        + "WHERE r.month = ? AND f.table_name = ? AND f.sha256 = ? "
                        + "AND r.status IN ('PUBLISHED', 'ALREADY_PUBLISHED', 'REJECTED', 'INCOMPLETE') "
                        + "AND coalesce(r.error_summary, '') NOT LIKE 'could not be decided%' "
                        + "AND r.finished_at >= ? AND r.finished_at > now() - make_interval(secs => ?) "
                        + "AND r.run_id = (SELECT max(run_id) FROM ingestion_runs WHERE month = r.month)",
                (rs, i) -> new DecidedRun(rs.getLong(1), RunStatus.valueOf(rs.getString(2))),
                month, table, sha256, java.sql.Timestamp.from(written), withinSeconds).stream().findFirst();
    }

    /** Whether the run staged the table from a file with this digest already (the same file dropped again). */
    public boolean stagedAlready(long runId, String table, String sha256) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM staged_files WHERE run_id = ? "
                + "AND table_name = ? AND sha256 = ?)", Boolean.class, runId, table, sha256));
    }

    public RunStatus status(long runId) {
        return RunStatus.valueOf(jdbc.queryForObject(
                "SELECT status FROM ingestion_runs WHERE run_id = ?", String.class, runId));
    }

    /** Moves an open run to VALIDATING; false when it was already decided (a repeated completion). */
    public boolean startValidating(long runId) {
        return jdbc.update("UPDATE ingestion_runs SET status = 'VALIDATING' "
                + "WHERE run_id = ? AND status IN ('STAGING', 'VALIDATING')", runId) == 1;
    }

    /** Marks an open run as an explicit restatement of its as_of. */
    public void requestRestatement(long runId) {
        jdbc.update("UPDATE ingestion_runs SET restate_requested = true WHERE run_id = ?", runId);
    }

    public boolean restatementRequested(long runId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT restate_requested FROM ingestion_runs WHERE run_id = ?", Boolean.class, runId));
    }

    /** The newest as_of whose rows are in the snapshot tables, or null when none is. */
    public LocalDate newestPublishedAsOf() {
        return jdbc.queryForObject("SELECT max(as_of) FROM ingestion_runs WHERE status = 'PUBLISHED'", LocalDate.class);
    }

    /** The published as_of dates, oldest first. */
    public List<LocalDate> publishedAsOfs() {
        return jdbc.queryForList("SELECT as_of FROM ingestion_runs WHERE status = 'PUBLISHED' ORDER BY as_of", LocalDate.class);
    }

    /** A published run taken back by a retraction; false when the run was not published. */
    public boolean markRetracted(long runId) {
        return jdbc.update("UPDATE ingestion_runs SET status = 'RETRACTED', retracted_at = now() "
                + "WHERE run_id = ? AND status = 'PUBLISHED'", runId) == 1;
    }

    /** The run an explicit restatement replaced. */
    public void markRestated(long replacedRunId) {
        jdbc.update("UPDATE ingestion_runs SET status = 'RESTATED' WHERE run_id = ? AND status = 'PUBLISHED'",
                replacedRunId);
    }

    public List<StagedFile> stagedFiles(long runId) {
        return jdbc.query("SELECT table_name, file_name, sha256, bytes, rows_read, rows_staged FROM staged_files "
                        + "WHERE run_id = ? ORDER BY table_name",
                (rs, i) -> new StagedFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getInt(5), rs.getInt(6)), runId);
    }

    public void recordStagedFile(long runId, StagedFile file) {
        jdbc.update("INSERT INTO staged_files (run_id, table_name, file_name, sha256, bytes, rows_read, rows_staged) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, table_name) DO UPDATE SET "
                        + "file_name = EXCLUDED.file_name, sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes, "
                        + "rows_read = EXCLUDED.rows_read, rows_staged = EXCLUDED.rows_staged, staged_at = now()",
                runId, file.table(), file.fileName(), file.sha256(), file.bytes(), file.rowsRead(), file.rowsStaged());
    }

    /** The published run of an as_of whose content is live in the snapshots, if any. */
    public Optional<PublishedRun> publishedRun(LocalDate asOf) {
        return jdbc.query("SELECT run_id, month, content_sha256 FROM ingestion_runs "
                        + "WHERE as_of = ? AND status = 'PUBLISHED' ORDER BY run_id DESC LIMIT 1",
                (rs, i) -> new PublishedRun(rs.getLong(1), rs.getString(2), rs.getString(3)), asOf)
                .stream().findFirst();
    }

    /** Records a run's decision; false when the run was already decided (a decision is made once). */
    public boolean decide(MonthVerdict verdict, RunStatus status) {
        return 1 == jdbc.update("UPDATE ingestion_runs SET status = ?, finished_at = now(), rows_per_table = CAST(? AS jsonb), "
                        + "file_checksums = CAST(? AS jsonb), content_sha256 = ?, error_summary = ?, "
                        + "restates_run_id = ?, stage_millis = CAST(? AS jsonb) "
                        + "WHERE run_id = ? AND status IN ('STAGING', 'VALIDATING')",
                status.name(), json(verdict.rowsPerTable()), json(verdict.checksums()), verdict.contentSha256(),
                verdict.summary(), verdict.restatesRunId(), json(verdict.stageMillis()), verdict.runId());
    }

    /** Adds the duration of a stage that ends after the decision was recorded (the staging cleanup). */
    public void addStageMillis(long runId, String stage, long millis) {
        jdbc.update("UPDATE ingestion_runs SET stage_millis = stage_millis || jsonb_build_object(CAST(? AS text), ?) "
                + "WHERE run_id = ?", stage, millis, runId);
    }

    public RunTimes times(long runId) {
        return jdbc.queryForObject("SELECT started_at, finished_at FROM ingestion_runs WHERE run_id = ?",
                (rs, i) -> new RunTimes(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class)),
                runId);
    }

    public void setReportPath(long runId, String path) {
        jdbc.update("UPDATE ingestion_runs SET report_path = ? WHERE run_id = ?", path, runId);
    }

    /** A run as the report index lists it. */
    public record IndexedRun(long runId, String month, LocalDate asOf, String mode, String status,
                             OffsetDateTime started, OffsetDateTime finished, OffsetDateTime retracted,
                             String errorSummary, String reportPath) {
    }

    /** Runs for the report index, newest first. */
    public List<IndexedRun> history(int limit) {
        return jdbc.query("SELECT run_id, month, as_of, mode, status, started_at, finished_at, retracted_at, "
                        + "error_summary, report_path FROM ingestion_runs ORDER BY run_id DESC LIMIT ?",
                (rs, i) -> new IndexedRun(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class), rs.getString(9),
                        rs.getString(10)), limit);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
