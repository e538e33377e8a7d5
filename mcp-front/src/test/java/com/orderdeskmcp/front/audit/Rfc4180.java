package com.orderdeskmcp.front.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader, written for the tests independently of {@link Csv}: records end with
 * CRLF, fields are separated by commas, a quoted field may hold commas, CR, LF and doubled quotes,
 * and a quote anywhere else (or a bare CR or LF outside quotes) is an error rather than something
 * guessed at. Spaces are part of a field. An unquoted empty field reads as null, a quoted one ({@code ""})
 * as the empty string, as PostgreSQL's {@code COPY ... CSV} reads them.
 */
final class Rfc4180 {

    private Rfc4180() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (i < n) {
            // At the start of a field.
            boolean quoted = text.charAt(i) == '"';
            if (quoted) {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("quoted field not closed at " + i);
                    }
                    char c = text.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < n && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
            } else {
                while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    char c = text.charAt(i++);
                    if (c == '"' || c == '\n') {
                        throw new IllegalArgumentException("unquoted field holds " + (c == '"' ? "a quote" : "LF") + " at " + (i - 1));
                    }
                    field.append(c);
                }
            }
            // After a field: a comma, or CRLF ending the record.
            record.add(quoted || !field.isEmpty() ? field.toString() : null);
            field.setLength(0);
            if (i >= n) {
                throw new IllegalArgumentException("the last record does not end with CRLF");
            }
            if (text.charAt(i) == ',') {
                i++;
                if (i >= n) {
                    throw new IllegalArgumentException("a comma ends the text");
                }
            } else if (text.startsWith("\r\n", i)) {
                i += 2;
                records.add(record);
                record = new ArrayList<>();
            } else {
                throw new IllegalArgumentException("expected a comma or CRLF at " + i + ", found '" + text.charAt(i) + "'");
            }
        }
        return records;
    }
}
