package com.orderdeskmcp.front.audit;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 CSV lines: a field with a comma, quote, CR or LF is quoted, quotes doubled. Pure. */
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
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
