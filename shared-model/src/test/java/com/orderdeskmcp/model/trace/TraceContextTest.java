package com.orderdeskmcp.model.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextTest {

    @Test
    void aValidTraceparentIsReadAndWrittenBackUnchanged() {
        String header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(TraceContext.parse(header)).hasValueSatisfying(t -> {
            assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(t.header()).isEqualTo(header);
        });
    }

    @Test
    void malformedOrAllZeroTraceparentsAreIgnored() {
        assertThat(TraceContext.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceContext.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isEmpty();
        assertThat(TraceContext.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceContext.parse("garbage")).isEmpty();
        assertThat(TraceContext.parse(null)).isEmpty();
    }

    @Test
    void aChildKeepsTheTraceAndTakesANewSpan() {
        TraceContext parent = TraceContext.newTrace();
        TraceContext child = parent.child();
        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.spanId()).isNotEqualTo(parent.spanId());
        assertThat(TraceContext.parse(child.header())).contains(child);
    }
}
