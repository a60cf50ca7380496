package io.streamflow.ingest.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

import org.junit.jupiter.api.Test;

class BooleanSpellingTest {

    /** Columns 1 and 3 are booleans; 0 and 2 are text, where a lone t or f is a value to keep. */
    private static final BitSet BOOLEANS = BitSet.valueOf(new long[] {0b1010});

    private static final String COPY = """
            user_id,is_senior,name,churn
            t,t,f,f
            "a,""t""
            b",f,"t",
            f,,t,t
            x,t,tt,f""";

    private static final String SPELLED = """
            user_id,is_senior,name,churn
            t,True,f,False
            "a,""t""
            b",False,"t",
            f,,t,True
            x,True,tt,False""";

    @Test
    void spellsTheBooleanColumnsAndPassesEverythingElse() throws IOException {
        assertThat(spelled(COPY, COPY.length())).isEqualTo(SPELLED);
    }

    @Test
    void theSameWhereverTheStreamIsCut() throws IOException {
        for (int chunk = 1; chunk < COPY.length(); chunk++) {
            assertThat(spelled(COPY, chunk)).as("chunks of %d bytes", chunk).isEqualTo(SPELLED);
        }
    }

    @Test
    void theHeaderIsNeverRewrittenAndCarriageReturnsEndAField() throws IOException {
        assertThat(spelled("a,t\r\nt,t\r\n", 3)).isEqualTo("a,t\r\nt,True\r\n");
    }

    private static String spelled(String copy, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        byte[] bytes = copy.getBytes(StandardCharsets.UTF_8);
        try (BooleanSpelling out = new BooleanSpelling(sink, BOOLEANS)) {
            for (int at = 0; at < bytes.length; at += chunk) {
                if (chunk == 1) {
                    out.write(bytes[at]);
                } else {
                    out.write(bytes, at, Math.min(chunk, bytes.length - at));
                }
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }
}
