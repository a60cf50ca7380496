package io.streamflow.ingest.dashboard;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One series over as_of as an inline SVG line chart: y axis with round ticks, one labelled point per
 * as_of (its value in a tooltip), x spaced by date so that a missing month shows as a gap.
 */
final class LineChart {

    /** The value of a series at one as_of. */
    record Point(LocalDate asOf, double value) {
    }

    private static final int WIDTH = 580;
    private static final int HEIGHT = 210;
    private static final int LEFT = 64;
    private static final int RIGHT = 64;
    private static final int TOP = 16;
    private static final int BOTTOM = 36;
    /** Room for one x label ("2024-01") in viewBox units. */
    private static final int X_LABEL_WIDTH = 64;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private final String label;
    private final String colour;
    private final double scale;
    private final String unit;
    private final int decimals;

    /**
     * @param scale    factor from the stored value to the shown one (100 for a share shown in per cent)
     * @param unit     suffix of a shown value, e.g. " %" or " h"
     * @param decimals decimals of a shown value
     */
    LineChart(String label, String colour, double scale, String unit, int decimals) {
        this.label = label;
        this.colour = colour;
        this.scale = scale;
        this.unit = unit;
        this.decimals = decimals;
    }

    String label() {
        return label;
    }

    /** A value as the chart shows it. */
    String value(double value) {
        return format(value, decimals);
    }

    private String format(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value * scale) + unit;
    }

    String svg(List<Point> points) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(label)).append("\">");
        if (points.isEmpty()) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" class=\"empty\">no published month yet</text></svg>");
            return svg.toString();
        }
        double min = points.stream().mapToDouble(Point::value).min().orElseThrow();
        double max = points.stream().mapToDouble(Point::value).max().orElseThrow();
        double step = niceStep(max - min == 0 ? Math.max(Math.abs(max) * 0.1, 0.01) : (max - min) / 4);
        double low = Math.floor(min / step) * step;
        double high = Math.ceil(max / step) * step;
        if (high - low < step * 2) {
            low -= step;
            high += step;
        }
        if (min >= 0 && low < 0) {
            low = 0;
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double yLow = low;
        double ySpan = high - low;
        long first = points.get(0).asOf().toEpochDay();
        long days = points.get(points.size() - 1).asOf().toEpochDay() - first;

        long ticks = Math.round((high - low) / step);
        int tickDecimals = (int) Math.max(0, Math.ceil(-Math.log10(step * scale) - 1e-9));
        for (long k = 0; k <= ticks; k++) {
            double tick = low + k * step;
            double y = TOP + plotHeight - (tick - yLow) / ySpan * plotHeight;
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(coordinate(y)).append("\" y2=\"").append(coordinate(y)).append("\"/>");
            svg.append("<text class=\"tick\" x=\"").append(LEFT - 8).append("\" y=\"").append(coordinate(y + 4))
                    .append("\" text-anchor=\"end\">").append(Html.escape(format(tick, tickDecimals))).append("</text>");
        }

        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            xs[i] = days == 0 ? LEFT + plotWidth / 2 : LEFT + (p.asOf().toEpochDay() - first) * plotWidth / days;
            ys[i] = TOP + plotHeight - (p.value() - yLow) / ySpan * plotHeight;
        }
        if (points.size() > 1) {
            svg.append("<polyline class=\"line\" fill=\"none\" stroke=\"").append(colour).append("\" points=\"");
            for (int i = 0; i < xs.length; i++) {
                svg.append(i == 0 ? "" : " ").append(coordinate(xs[i])).append(',').append(coordinate(ys[i]));
            }
            svg.append("\"/>");
        }
        // month labels (as_of is a month's last day), from the newest back, where they do not run into
        // the one after them
        boolean[] labelled = new boolean[points.size()];
        double labelledFrom = Double.POSITIVE_INFINITY;
        for (int i = points.size() - 1; i >= 0; i--) {
            if (xs[i] + X_LABEL_WIDTH / 2.0 <= labelledFrom) {
                labelled[i] = true;
                labelledFrom = xs[i] - X_LABEL_WIDTH / 2.0;
            }
        }
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            String value = value(p.value());
            svg.append("<circle cx=\"").append(coordinate(xs[i])).append("\" cy=\"").append(coordinate(ys[i]))
                    .append("\" r=\"4\" fill=\"").append(colour).append("\"><title>")
                    .append(Html.escape(p.asOf() + ": " + value)).append("</title></circle>");
            if (labelled[i]) {
                svg.append("<text class=\"tick\" x=\"").append(coordinate(xs[i])).append("\" y=\"")
                        .append(HEIGHT - BOTTOM + 18).append("\" text-anchor=\"middle\">")
                        .append(MONTH.format(p.asOf())).append("</text>");
            }
            if (i == points.size() - 1) {
                // the latest value right of its point, in the margin kept for it
                svg.append("<text class=\"value\" x=\"").append(coordinate(xs[i] + 8)).append("\" y=\"")
                        .append(coordinate(ys[i] + 4)).append("\">").append(Html.escape(value)).append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /** 1, 2 or 5 times a power of ten, the smallest not below the raw step. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5}) {
            if (factor * power >= raw * 0.999) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
