package com.orderdeskmcp.deploycheck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Just enough of PromQL to find the series an expression reads: metric names, the label names of their
 * matchers, and the labels of {@code by (...)} / {@code without (...)} groupings. Grafana variables
 * ({@code $kind}, {@code $__rate_interval}) are skipped.
 */
final class PromQl {

    /** A metric read by an expression, with the label names its matchers use. */
    record Selector(String metric, Set<String> labels) {
    }

    record Parsed(List<Selector> selectors, Set<String> groupingLabels) {
        Set<String> metrics() {
            Set<String> names = new LinkedHashSet<>();
            selectors.forEach(s -> names.add(s.metric()));
            return names;
        }
    }

    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
            "offset", "inf", "nan", "atan2",
            // aggregation operators, which may be followed by "by (...)" rather than "("
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    static Parsed parse(String expression) {
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new LinkedHashSet<>();
        String e = expression;
        int i = 0;
        while (i < e.length()) {
            char c = e.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(e, i);
            } else if (c == '$') {
                i++;
                if (i < e.length() && e.charAt(i) == '{') {
                    i = e.indexOf('}', i) + 1;
                } else {
                    while (i < e.length() && (Character.isLetterOrDigit(e.charAt(i)) || e.charAt(i) == '_')) {
                        i++;
                    }
                }
            } else if (c == '[') {
                i = e.indexOf(']', i) + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < e.length() && Character.isDigit(e.charAt(i + 1)))) {
                while (i < e.length() && (Character.isLetterOrDigit(e.charAt(i)) || e.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < e.length() && (Character.isLetterOrDigit(e.charAt(i)) || e.charAt(i) == '_' || e.charAt(i) == ':')) {
                    i++;
                }
                String word = e.substring(start, i);
                int next = skipSpaces(e, i);
                if (GROUPING.contains(word) && next < e.length() && e.charAt(next) == '(') {
                    int close = e.indexOf(')', next);
                    for (String label : e.substring(next + 1, close).split(",")) {
                        if (!label.isBlank()) {
                            grouping.add(label.trim());
                        }
                    }
                    i = close + 1;
                } else if (KEYWORDS.contains(word) || (next < e.length() && e.charAt(next) == '(')) {
                    // an operator, keyword or function
                } else {
                    Set<String> labels = new LinkedHashSet<>();
                    if (next < e.length() && e.charAt(next) == '{') {
                        i = matchers(e, next, labels);
                    }
                    selectors.add(new Selector(word, labels));
                }
            } else {
                i++;
            }
        }
        return new Parsed(selectors, grouping);
    }

    /** Label names of a {@code {a="x", b=~"y"}} block starting at {@code open}; returns the index after it. */
    private static int matchers(String e, int open, Set<String> labels) {
        int i = open + 1;
        while (i < e.length() && e.charAt(i) != '}') {
            i = skipSpaces(e, i);
            int start = i;
            while (i < e.length() && (Character.isLetterOrDigit(e.charAt(i)) || e.charAt(i) == '_')) {
                i++;
            }
            if (i > start) {
                labels.add(e.substring(start, i));
            }
            while (i < e.length() && e.charAt(i) != '"' && e.charAt(i) != '\'' && e.charAt(i) != '`' && e.charAt(i) != '}') {
                i++;
            }
            if (i < e.length() && e.charAt(i) != '}') {
                i = skipString(e, i);
            }
            i = skipSpaces(e, i);
            if (i < e.length() && e.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    private static int skipString(String e, int open) {
        char quote = e.charAt(open);
        int i = open + 1;
        while (i < e.length() && e.charAt(i) != quote) {
            if (e.charAt(i) == '\\' && quote != '`') {
                i++;
            }
            i++;
        }
        return i + 1;
    }

    private static int skipSpaces(String e, int i) {
        while (i < e.length() && Character.isWhitespace(e.charAt(i))) {
            i++;
        }
        return i;
    }
}
