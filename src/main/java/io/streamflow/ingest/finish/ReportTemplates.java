package io.streamflow.ingest.finish;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

/**
 * The FreeMarker templates of the reports and the dashboard's month pages ({@code src/main/resources/templates}),
 * one configuration for both: the report writer renders with it, and the {@code freemarker:} component of the
 * dashboard's routes is given it. Every template is HTML with auto-escaping on, so every value from data is escaped
 * unless a template says otherwise (none does); no template may create Java objects, and an error in a template fails
 * the rendering instead of printing into the page. The data model is one variable, {@code body}, as the component
 * passes the message body.
 */
public final class ReportTemplates {

    /** Times in reports, JSON and pages: ISO-8601 with the offset, to the second ({@code 2026-12-02T10:15:30+01:00}). */
    private static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    private final Configuration configuration;
    private final Clock clock;

    /** @param clock tells the time and the zone times are shown in (the service's) */
    public ReportTemplates(Clock clock) {
        this.clock = clock;
        configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setClassForTemplateLoading(ReportTemplates.class, "/templates");
        configuration.setDefaultEncoding("UTF-8");
        configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
        configuration.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
        configuration.setLocale(Locale.ROOT);
        configuration.setTimeZone(TimeZone.getTimeZone(clock.getZone()));
        configuration.setNumberFormat("0.####");
        configuration.setBooleanFormat("c");
        configuration.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setAPIBuiltinEnabled(false);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
    }

    /** The configuration, for the freemarker component (which renders with a copy of it). */
    public Configuration configuration() {
        return configuration;
    }

    /** A template of src/main/resources/templates rendered with {@code body} as its data. */
    public String render(String template, Object body) throws IOException {
        StringWriter out = new StringWriter(32_768);
        try {
            configuration.getTemplate(template).process(Map.of("body", body), out);
        } catch (TemplateException e) {
            throw new IllegalStateException("template " + template + " failed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** A point in time as reports show it, in the service's zone, with its offset; empty for null. */
    public String time(OffsetDateTime at) {
        return at == null ? "" : ZONED.format(at.atZoneSameInstant(clock.getZone()).truncatedTo(ChronoUnit.SECONDS));
    }

    /** A duration for people: 0.4 s, 3 min 05 s, 2 h 03 min. */
    public static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** Now, as {@link #time} shows it. */
    public String now() {
        return time(OffsetDateTime.now(clock));
    }
}
