package io.streamflow.ingest.run;

/**
 * The headers that travel with a month's exchanges, the only state kept in headers: they must survive the month
 * aggregator and its persistent repository, which stores headers and bodies, not objects. Everything about one file
 * while it is staged is one exchange property instead ({@code FileIntake}).
 * <ul>
 *   <li>{@link #RUN_ID}, {@link #MONTH}, {@link #AS_OF}, {@link #MODE}: set when a file's run is known (intake), read
 *       by the aggregator (correlation), the gate, the publisher and the finisher;</li>
 *   <li>{@link #RESTATE}: set by {@code ingest --restate} on the files it sends;</li>
 *   <li>{@link #CLOSE}: set on the signal that closes a month with what is staged (the ingest command);</li>
 *   <li>{@link #MOVE_TO}: where the file consumer moves the file once its exchange is done.</li>
 * </ul>
 */
public final class MonthHeaders {

    public static final String RUN_ID = "StreamflowRunId";
    public static final String MONTH = "StreamflowMonth";
    public static final String AS_OF = "StreamflowAsOf";
    /** service (the inbox) or ingest (the command). */
    public static final String MODE = "StreamflowMode";
    public static final String RESTATE = "StreamflowRestate";
    public static final String CLOSE = "StreamflowCloseMonth";
    public static final String MOVE_TO = "StreamflowMoveTo";

    private MonthHeaders() {
    }
}
