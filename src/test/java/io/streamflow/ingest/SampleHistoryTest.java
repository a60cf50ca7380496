package io.streamflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.streamflow.ingest.seed.SampleMonths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the tests of history and of refused months share: three generated months of {@value #USERS} users, made once
 * per class, a database of each test's own, and the invariant that the live tables are the newest snapshot rows.
 */
@ExtendWith(DatabaseExtension.class)
abstract class SampleHistoryTest {

    static final int USERS = 400;

    @TempDir
    static Path samples;
    @TempDir
    Path work;

    TestDatabase db;
    JdbcTemplate jdbc;

    @BeforeAll
    static void generate() throws Exception {
        SampleMonths.write(samples, USERS, 3, 11);
    }

    @BeforeEach
    void database(TestDatabase database) {
        db = database;
        jdbc = db.jdbc();
    }

    Path month(int n) {
        return samples.resolve(String.format("month_%03d", n));
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    void assertInvariant(String after) {
        assertThat(db.historyMismatches()).as("live rows that are not the newest snapshot row, after " + after).isEmpty();
    }
}
