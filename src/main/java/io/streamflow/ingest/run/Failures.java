package io.streamflow.ingest.run;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a failure is: transient (the database went away for a while: worth retrying with backoff) or not (the same
 * attempt would fail the same way: decide at once), and the one line that tells a person about it.
 */
public final class Failures {

    /** SQLSTATE classes and codes that a retry may get past: connection lost, resources, shutdown, serialization. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57", "40");
    private static final Set<String> TRANSIENT_CODES = Set.of("55P03", "55006");

    private Failures() {
    }

    /** Whether any cause is a failure of the database's availability rather than of the statement or the data. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 57014 is a cancelled statement (a timeout we set), the rest of class 57 is the server going away
                return (TRANSIENT_CLASSES.contains(state.substring(0, Math.min(2, state.length())))
                        && !state.equals("57014")) || TRANSIENT_CODES.contains(state);
            }
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof SocketException || cause instanceof java.io.EOFException
                    || cause instanceof org.springframework.dao.TransientDataAccessException
                    || cause instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                    || cause instanceof DatabaseUnreachableException
                    || cause instanceof MonthBusyException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message, for one line on a terminal or in a report. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (next(root) != null) {
            root = next(root);
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The failure and its causes, outermost first. */
    public static Stream<Throwable> chain(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Failures::next);
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
