package io.streamflow.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.streamflow.ingest.contract.Column;
import io.streamflow.ingest.contract.ColumnType;
import io.streamflow.ingest.contract.Rule;
import io.streamflow.ingest.contract.TableContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specifies the header check: the first line of a file against its table's columns in any order (unknown,
 * duplicated and missing required columns refused, optional ones may be absent), and the digest and size of the
 * whole file from the same pass, whatever its first line holds.
 */
class HeaderCheckTest {

    /** user_id and plan required, add_on optional. */
    private static final TableContract PLANS = new TableContract("plans", "plans.csv", "plans_snapshots", List.of(
            column("user_id", false), column("plan", false), column("add_on", true)),
            new TableContract.Thresholds(1, 1, 1));

    @TempDir
    Path dir;

    @Test
    void columnsMayComeInAnyOrderAndOptionalOnesMayBeMissing() throws IOException {
        HeaderCheck header = inspect("plan,user_id\nBasic,u1\n");

        assertThat(header.ok()).isTrue();
        assertThat(header.names()).containsExactly("plan", "user_id");
        assertThat(header.positions()).containsExactly(1, 0, -1);
        assertThat(header.width()).isEqualTo(2);
    }

    @Test
    void quotedNamesAByteOrderMarkAndAWindowsLineEndAreAccepted() throws IOException {
        HeaderCheck header = inspect("\uFEFF\"user_id\",\"plan\",add_on\r\nu1,Basic,True\r\n");

        assertThat(header.errors()).isEmpty();
        assertThat(header.positions()).containsExactly(0, 1, 2);
    }

    @Test
    void unknownDuplicatedAndMissingColumnsAreEachNamedOnLineOne() throws IOException {
        HeaderCheck header = inspect("User_ID,plan,plan,colour,plän\n");

        assertThat(header.ok()).isFalse();
        assertThat(header.errors()).containsExactly(
                new RowError(1, "User_ID", Rule.COLUMN_UNKNOWN, "User_ID"),
                new RowError(1, "plan", Rule.COLUMN_DUPLICATED, "plan"),
                new RowError(1, "colour", Rule.COLUMN_UNKNOWN, "colour"),
                new RowError(1, "plän", Rule.COLUMN_UNKNOWN, "plän"),
                new RowError(1, "user_id", Rule.COLUMN_MISSING, null));
    }

    @Test
    void anEmptyFileAndAnEmptyFirstLineAreNotEmptyFailuresOfTheWholeFile() throws IOException {
        assertThat(inspect("").errors()).containsExactly(new RowError(0, "", Rule.NOT_EMPTY, "the file is empty"));
        assertThat(inspect("\nuser_id,plan\n").errors())
                .containsExactly(new RowError(0, "", Rule.NOT_EMPTY, "the first line (header) is empty"));
        assertThat(inspect(" \t \n").errors()).extracting(RowError::rule).containsExactly(Rule.NOT_EMPTY);
    }

    @Test
    void aHeaderThatIsNotUtf8OrHoldsANulIsAnEncodingFailure() throws IOException {
        assertThat(inspect(new byte[] {'u', 's', (byte) 0xE9, 'r', '\n'}).errors())
                .containsExactly(new RowError(1, "", Rule.ENCODING, "the header line is not valid UTF-8"));
        assertThat(inspect("user_id\u0000,plan\n").errors())
                .containsExactly(new RowError(1, "", Rule.ENCODING, "the header line holds a NUL byte (0x00)"));
    }

    @Test
    void aHeaderLineOfSixtyFourKilobytesOrMoreIsRefusedWithoutBeingKept() throws IOException {
        String justUnder = "user_id,plan," + "x".repeat(64 * 1024 - "user_id,plan,".length() - 1);
        assertThat(inspect(justUnder + "\n").errors()).extracting(RowError::rule).containsExactly(Rule.COLUMN_UNKNOWN);

        byte[] file = (justUnder + "x\nu1,Basic\n").getBytes(StandardCharsets.US_ASCII);
        HeaderCheck header = inspect(file);

        assertThat(header.errors()).extracting(RowError::rule, RowError::line)
                .containsExactly(tuple(Rule.LINE_LENGTH, 1));
        assertThat(header.names()).isEmpty();
        assertThat(header.sha256()).isEqualTo(sha256(file));
        assertThat(header.bytes()).isEqualTo(file.length);
    }

    @Test
    void aHeaderWithAnUnclosedQuoteIsOneUnknownColumn() throws IOException {
        HeaderCheck header = inspect("\"user_id,plan\n");

        assertThat(header.errors()).extracting(RowError::rule).contains(Rule.COLUMN_UNKNOWN, Rule.COLUMN_MISSING);
    }

    @Test
    void theDigestAndSizeAreOfTheWholeFileHoweverLong() throws IOException {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes("user_id,plan\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 20_000; i++) {
            csv.writeBytes(("u" + i + ",Basic Zoë 😀\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] file = csv.toByteArray();

        HeaderCheck header = inspect(file);

        assertThat(header.ok()).isTrue();
        assertThat(header.bytes()).isEqualTo(file.length).isGreaterThan(3 * 64 * 1024);
        assertThat(header.sha256()).isEqualTo(sha256(file)).hasSize(64);
    }

    @Test
    void aSymbolicLinkIsNeverOpened() throws IOException {
        Path target = Files.writeString(dir.resolve("secret.txt"), "user_id,plan\n");
        Path link = Files.createSymbolicLink(dir.resolve("plans.csv"), target);

        assertThatIOException().isThrownBy(() -> HeaderCheck.inspect(link, PLANS))
                .withMessage("plans.csv is not a regular file");
        assertThatIOException().isThrownBy(() -> HeaderCheck.open(dir)).withMessageContaining("is not a regular file");
    }

    private HeaderCheck inspect(String text) throws IOException {
        return inspect(text.getBytes(StandardCharsets.UTF_8));
    }

    private HeaderCheck inspect(byte[] bytes) throws IOException {
        return HeaderCheck.inspect(Files.write(dir.resolve("plans.csv"), bytes), PLANS);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Column column(String name, boolean optional) {
        return new Column(name, ColumnType.TEXT, false, optional, null, null, null, false, Column.DEFAULT_MAX_LENGTH,
                Set.of(), 1.0);
    }
}
