package com.orderdeskmcp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results table: one row per figure, with its target and whether it was met. */
final class Table {

    enum Verdict {
        PASS, MISS, INFO, ERROR
    }

    record Row(String benchmark, String measured, String target, Verdict verdict) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized void addAll(List<Row> more) {
        rows.addAll(more);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized String render() {
        int[] widths = {"benchmark".length(), "measured".length(), "target".length(), "result".length()};
        for (Row row : rows) {
            widths[0] = Math.max(widths[0], row.benchmark().length());
            widths[1] = Math.max(widths[1], row.measured().length());
            widths[2] = Math.max(widths[2], row.target().length());
            widths[3] = Math.max(widths[3], row.verdict().name().length());
        }
        StringBuilder out = new StringBuilder();
        line(out, widths, "benchmark", "measured", "target", "result");
        out.append('|');
        for (int width : widths) {
            out.append("-".repeat(width + 2)).append('|');
        }
        out.append('\n');
        for (Row row : rows) {
            line(out, widths, row.benchmark(), row.measured(), row.target(), row.verdict().name());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, int[] widths, String... cells) {
        out.append('|');
        for (int i = 0; i < cells.length; i++) {
            out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
        }
        out.append('\n');
    }

    static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%.2f", perSecond);
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 ? (seconds / 60) + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s")
                : seconds + " s";
    }
}
