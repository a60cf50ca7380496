package io.streamflow.ingest.observe;

import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

/**
 * Drops a few lines that libraries log at INFO or WARN at every start and that tell an operator nothing, while the
 * other lines of the same loggers still show. Each pattern must match a whole message.
 */
public final class QuietLines implements Filter {

    private static final Map<String, Pattern> DROPPED = Map.of(
            // the month aggregator's settings at start; the lines of an actual recovery still show
            "org.apache.camel.processor.aggregate.AggregateProcessor",
            Pattern.compile("(Using |Defaulting to |Optimistic locking ).*"),
            // its repository's "nothing to recover"
            "org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository",
            Pattern.compile("On startup there are no .*"),
            // leader election (docs/operations.md, several instances): "lock acquired / lost" and "consumer
            // started / stopped" show; the initial delay and the attempt before each start do not
            "org.apache.camel.component.file.cluster.FileLockClusterView",
            Pattern.compile("Waiting \\d+ms to attempt initial .*"),
            "org.apache.camel.component.master.MasterConsumer",
            Pattern.compile("Leadership taken\\. Attempt #\\d+ to start consumer.*"),
            // camel-master 4.17's MasterConsumer runs the start of its consumer as a background task whose callback
            // answers "not done" even after the consumer started; the task then runs until its time budget (5 s) is
            // spent and warns so at every start and change of leader, while the consumer runs. Only that message
            // is dropped: a consumer that fails to start is still logged by MasterConsumer.
            "org.apache.camel.support.task.BackgroundTask",
            Pattern.compile("The task Leadership does not have more budget.*"));

    @Override
    public boolean isLoggable(LogRecord event) {
        Pattern dropped = DROPPED.get(event.getLoggerName());
        return dropped == null || event.getMessage() == null || !dropped.matcher(event.getMessage()).matches();
    }
}
