package io.streamflow.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.streamflow.ingest.contract.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specifies the checked byte stream under the CSV parser: valid UTF-8 passes unchanged, an invalid sequence, a NUL
 * or a record longer than the bound is refused naming its line and field, and the line each record starts on is
 * told whatever line breaks its quoted fields hold.
 */
class CsvGuardTest {

    private static final long NO_BOUND = Long.MAX_VALUE;

    @Test
    void validUtf8PassesUnchangedThroughEitherRead() throws IOException {
        byte[] text = "user_id,name\nu1,Zoë\nu2,€ 😀 渡辺\n".getBytes(StandardCharsets.UTF_8);

        assertThat(readInChunks(text, NO_BOUND)).isEqualTo(text);
        assertThat(readByteByByte(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FF", "C0AF", "C1BF", "E080AF", "EDA080", "F08282AC", "F4908080", "F5808080", "80",
            "C3", "C328", "E282", "F09F98"})
    void anInvalidUtf8SequenceIsRefusedAsAnEncodingFailure(String hex) {
        byte[] bytes = concat("a,b\nc,".getBytes(StandardCharsets.US_ASCII), HexFormat.of().parseHex(hex),
                "\n".getBytes(StandardCharsets.US_ASCII));

        CsvGuard.Refusal refusal = refusal(bytes, NO_BOUND);

        assertThat(refusal.rule()).isEqualTo(Rule.ENCODING);
        assertThat(refusal.line()).isEqualTo(2);
        assertThat(refusal.field()).isEqualTo(1);
    }

    @Test
    void aFileEndingInsideACharacterIsRefused() {
        byte[] bytes = concat("a,b\n".getBytes(StandardCharsets.US_ASCII), HexFormat.of().parseHex("E282"));

        assertThat(refusal(bytes, NO_BOUND)).hasMessage("the file ends inside a UTF-8 character");
    }

    @Test
    void theRefusalOfAStrayByteNamesIt() {
        assertThat(refusal(HexFormat.of().parseHex("41FF"), NO_BOUND)).hasMessageContaining("byte 0xFF");
        assertThat(refusal(HexFormat.of().parseHex("C341"), NO_BOUND)).hasMessageContaining("byte 0x41 after 0xC3");
    }

    @Test
    void aNulByteIsRefusedWhereItIs() {
        CsvGuard.Refusal refusal = refusal("h1,h2,h3\nx,y,\u0000z\n".getBytes(StandardCharsets.US_ASCII), NO_BOUND);

        assertThat(refusal).hasMessage("a NUL byte (0x00)");
        assertThat(refusal.rule()).isEqualTo(Rule.ENCODING);
        assertThat(refusal.line()).isEqualTo(2);
        assertThat(refusal.field()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"'12345678\n', 9", "'12345678\r\n', 9", "'\"a\nb\"\n12', 6"})
    void aRecordOfTheBoundWithItsLineBreakPassesAndNotOneByteMore(String text, long bound) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

        assertThat(readInChunks(bytes, bound)).isEqualTo(bytes);
        assertThat(refusal(bytes, bound - 1).rule()).isEqualTo(Rule.LINE_LENGTH);
    }

    @Test
    void aRecordLongerThanTheBoundIsRefusedAtTheLineItStarts() {
        CsvGuard.Refusal refusal = refusal("ok\n\"one\ntwo\nthree\",x\n".getBytes(StandardCharsets.US_ASCII), 12);

        assertThat(refusal.rule()).isEqualTo(Rule.LINE_LENGTH);
        assertThat(refusal.line()).isEqualTo(2);
        assertThat(refusal).hasMessageContaining("longer than 12 bytes");
    }

    @Test
    void theBoundCountsBytesNotCharacters() {
        assertThat(refusal("😀😀\n".getBytes(StandardCharsets.UTF_8), 8).rule()).isEqualTo(Rule.LINE_LENGTH);
    }

    @Test
    void eachRecordIsToldTheLineItStartsOnPastQuotedLineBreaks() throws IOException {
        byte[] csv = "h1,h2\n\"a\nb\",c\n\"d\"\"\r\ne\",f\r\ng,h\rlast,x".getBytes(StandardCharsets.US_ASCII);

        assertThat(recordLines(csv, 5)).containsExactly(1L, 2L, 4L, 6L, 7L);
    }

    @Test
    void aQuoteInsideAnUnquotedFieldDoesNotOpenAQuotedField() throws IOException {
        byte[] csv = "h1,h2\nsay \"hi\nnext,x\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(recordLines(csv, 3)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void recordsReadFarAheadOfTheParserKeepTheirLinesInOrder() throws IOException {
        StringBuilder csv = new StringBuilder("h1,h2\n");
        List<Long> expected = new ArrayList<>(List.of(1L));
        long line = 2;
        for (int i = 0; i < 1000; i++) { // more records than the queue holds at first; every tenth spans two lines
            expected.add(line);
            csv.append(i % 10 == 0 ? "\"a\nb\",c\n" : "a,b\n");
            line += i % 10 == 0 ? 2 : 1;
        }

        assertThat(recordLines(csv.toString().getBytes(StandardCharsets.US_ASCII), expected.size()))
                .isEqualTo(expected);
    }

    @Test
    void aCheckedStreamIsNeverSkipped() {
        CsvGuard guard = new CsvGuard(new ByteArrayInputStream(new byte[10]), NO_BOUND);

        assertThatIOException().isThrownBy(() -> guard.skip(1));
    }

    /** Reads everything, then asks for the line each of the file's records starts on. */
    private static List<Long> recordLines(byte[] csv, int records) throws IOException {
        CsvGuard guard = new CsvGuard(new ByteArrayInputStream(csv), NO_BOUND);
        guard.readAllBytes();
        List<Long> lines = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            lines.add(guard.nextRecordLine());
        }
        return lines;
    }

    private static CsvGuard.Refusal refusal(byte[] bytes, long bound) {
        return catchThrowableOfType(CsvGuard.Refusal.class, () -> readInChunks(bytes, bound));
    }

    /** Reads in chunks of three bytes, so that characters and line breaks straddle reads. */
    private static byte[] readInChunks(byte[] bytes, long bound) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvGuard guard = new CsvGuard(new ByteArrayInputStream(bytes), bound)) {
            byte[] buffer = new byte[3];
            for (int n; (n = guard.read(buffer, 0, buffer.length)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static byte[] readByteByByte(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvGuard guard = new CsvGuard(new ByteArrayInputStream(bytes), NO_BOUND)) {
            for (int b; (b = guard.read()) >= 0; ) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
