package io.streamflow.ingest.gate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.streamflow.ingest.contract.ExpectationSuite;
import io.streamflow.ingest.contract.TableContract;
import io.streamflow.ingest.run.ExpectationResult;
import io.streamflow.ingest.run.RunLog;
import io.streamflow.ingest.staging.RowDigests;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A digest of what a month says, not of how its files are written: per table, the number of publishable rows and an
 * order-independent sum of row hashes over the typed values. Line endings, a byte-order mark, quoting or column order
 * do not change it; any value does. It tells a month already published from a different one for the same as_of.
 * Where every staged row of a table is publishable, its value was summed as the rows were staged (RowDigests);
 * otherwise it is computed here, in SQL over the publishable rows.
 */
final class ContentDigest {

    private final ExpectationSuite suite;
    private final JdbcTemplate jdbc;
    private final RowDigests digests;

    ContentDigest(ExpectationSuite suite, JdbcTemplate jdbc, RowDigests digests) {
        this.suite = suite;
        this.jdbc = jdbc;
        this.digests = digests;
    }

    String of(long runId, List<ExpectationResult> results, Map<String, RunLog.StagedFile> files) {
        MessageDigest sha = sha256();
        for (TableContract table : suite.tables()) {
            Optional<String> summed = ExpectationResult.noStagedRowLeftOut(results, table.name())
                    ? digests.digest(runId, table.name(), files.get(table.name()).rowsStaged()) : Optional.empty();
            String tableDigest = summed.orElseGet(() -> jdbc.queryForObject("SELECT count(*) || ':' || "
                    + "coalesce(sum(('x' || substr(md5(ROW(" + String.join(", ", table.columnNames())
                    + ")::text), 1, 15))::bit(60)::bigint::numeric), 0) FROM (" + table.publishableRowsSql() + ") src",
                    String.class, runId));
            sha.update((table.name() + "=" + tableDigest + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
