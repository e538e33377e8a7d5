package com.orderdeskmcp.front.audit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * RFC 4180 CSV lines: a field with a comma, quote, CR or LF is quoted, quotes doubled. A field that a
 * spreadsheet would run as a formula (it starts with {@code = + - @}, a tab or a CR: an agent's
 * requested value, an upstream error message) gets a leading apostrophe, as OWASP advises for CSV
 * exports, so opening the export cannot run it; the JSON Lines export keeps every value exact. A
 * missing value (null) is an empty field and an empty text is {@code ""}, the convention PostgreSQL's
 * {@code COPY ... CSV} reads back as NULL and as the empty string. Pure.
 */
public final class Csv {

    private Csv() {
    }

    public static String line(List<String> fields) {
        return fields.stream().map(Csv::field).collect(Collectors.joining(",", "", "\r\n"));
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.isEmpty()) {
            return "\"\"";
        }
        if ("=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
