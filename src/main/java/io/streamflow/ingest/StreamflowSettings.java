package io.streamflow.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.PropertyBindingSupport;

/**
 * The service's settings: every {@code streamflow.*} property (application.properties, overridden by the environment
 * or by -D), bound onto these fields by Camel's property binding (kebab-case keys to camelCase fields, {@code db.*}
 * onto {@link DbSettings}), then checked once. The README's configuration table lists them.
 */
public class StreamflowSettings {

    private static final String PREFIX = "streamflow.";

    private String inbox;
    private String staged;
    private String archive;
    private String failed;
    private String reports;
    private String expectations;
    private String baseMonth;
    private long monthTimeoutMs;
    private int chunkSize;
    private long maxLineBytes;
    private long pollMs;
    private long settleMs;
    private int intakeThreads;
    private long retrySeconds;
    private int ingestThreads;
    private int gateThreads;
    private long recoveryIntervalMs;
    private boolean watch;
    private String clusterRoot;
    private long stuckSeconds;
    private long inboxStaleSeconds;
    private final Health health = new Health();
    private final DbSettings db = new DbSettings();

    /** streamflow.health.* */
    public static class Health {
        private int dbTimeoutSeconds;

        public int getDbTimeoutSeconds() {
            return dbTimeoutSeconds;
        }

        public void setDbTimeoutSeconds(int dbTimeoutSeconds) {
            this.dbTimeoutSeconds = dbTimeoutSeconds;
        }
    }

    /** Binds the context's streamflow.* properties, each resolved (placeholders, environment), and checks them. */
    public static StreamflowSettings of(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Map<String, Object> values = new HashMap<>();
        for (String key : properties.loadProperties(k -> k.startsWith(PREFIX)).stringPropertyNames()) {
            values.put(key.substring(PREFIX.length()), properties.resolveProperty(key).map(String::trim).orElse(""));
        }
        StreamflowSettings settings = new StreamflowSettings();
        PropertyBindingSupport.build().withCamelContext(context).withTarget(settings).withProperties(values)
                .withIgnoreCase(true).withFluentBuilder(false).withMandatory(true).bind();
        settings.check();
        return settings;
    }

    private void check() {
        YearMonth.parse(baseMonth);
        for (var bound : List.of(Map.entry("chunk-size", (long) chunkSize), Map.entry("max-line-bytes", maxLineBytes),
                Map.entry("poll-ms", pollMs), Map.entry("intake-threads", (long) intakeThreads),
                Map.entry("month-timeout-ms", monthTimeoutMs), Map.entry("stuck-seconds", stuckSeconds),
                Map.entry("inbox-stale-seconds", inboxStaleSeconds))) {
            if (bound.getValue() <= 0) {
                throw new IllegalArgumentException(PREFIX + bound.getKey() + " must be positive, not " + bound.getValue());
            }
        }
        if (settleMs < 0 || retrySeconds < 0) {
            throw new IllegalArgumentException(PREFIX + "settle-ms and retry-seconds may not be negative");
        }
    }

    /** A thread count from configuration: 0 or less means one per CPU. */
    static int perCpu(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    public Path inbox() {
        return Path.of(inbox);
    }

    public Path staged() {
        return Path.of(staged);
    }

    public Path archive() {
        return Path.of(archive);
    }

    public Path failed() {
        return Path.of(failed);
    }

    public Path reports() {
        return Path.of(reports);
    }

    public Path clusterRoot() {
        return Path.of(clusterRoot);
    }

    public String expectations() {
        return expectations;
    }

    public YearMonth baseMonth() {
        return YearMonth.parse(baseMonth);
    }

    public long maxLineBytes() {
        return maxLineBytes;
    }

    public Duration settle() {
        return Duration.ofMillis(settleMs);
    }

    public Duration retry() {
        return Duration.ofSeconds(retrySeconds);
    }

    public int ingestThreads() {
        return perCpu(ingestThreads);
    }

    public int gateThreads() {
        return perCpu(gateThreads);
    }

    public long recoveryIntervalMs() {
        return recoveryIntervalMs;
    }

    public boolean watch() {
        return watch;
    }

    public Duration stuck() {
        return Duration.ofSeconds(stuckSeconds);
    }

    public Duration inboxStale() {
        return Duration.ofSeconds(inboxStaleSeconds);
    }

    public int dbHealthTimeoutSeconds() {
        return health.getDbTimeoutSeconds();
    }

    public DbSettings db() {
        return db;
    }

    public Health getHealth() {
        return health;
    }

    public DbSettings getDb() {
        return db;
    }

    public void setInbox(String inbox) {
        this.inbox = inbox;
    }

    public void setStaged(String staged) {
        this.staged = staged;
    }

    public void setArchive(String archive) {
        this.archive = archive;
    }

    public void setFailed(String failed) {
        this.failed = failed;
    }

    public void setReports(String reports) {
        this.reports = reports;
    }

    public void setExpectations(String expectations) {
        this.expectations = expectations;
    }

    public void setBaseMonth(String baseMonth) {
        this.baseMonth = baseMonth;
    }

    public void setMonthTimeoutMs(long monthTimeoutMs) {
        this.monthTimeoutMs = monthTimeoutMs;
    }

    public void setChunkSize(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    public void setMaxLineBytes(long maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    public void setPollMs(long pollMs) {
        this.pollMs = pollMs;
    }

    public void setSettleMs(long settleMs) {
        this.settleMs = settleMs;
    }

    public void setIntakeThreads(int intakeThreads) {
        this.intakeThreads = intakeThreads;
    }

    public void setRetrySeconds(long retrySeconds) {
        this.retrySeconds = retrySeconds;
    }

    public void setIngestThreads(int ingestThreads) {
        this.ingestThreads = ingestThreads;
    }

    public void setGateThreads(int gateThreads) {
        this.gateThreads = gateThreads;
    }

    public void setRecoveryIntervalMs(long recoveryIntervalMs) {
        this.recoveryIntervalMs = recoveryIntervalMs;
    }

    public void setWatch(boolean watch) {
        this.watch = watch;
    }

    public void setClusterRoot(String clusterRoot) {
        this.clusterRoot = clusterRoot;
    }

    public void setStuckSeconds(long stuckSeconds) {
        this.stuckSeconds = stuckSeconds;
    }

    public void setInboxStaleSeconds(long inboxStaleSeconds) {
        this.inboxStaleSeconds = inboxStaleSeconds;
    }
}
