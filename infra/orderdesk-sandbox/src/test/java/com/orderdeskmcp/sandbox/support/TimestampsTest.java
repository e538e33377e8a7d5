package com.orderdeskmcp.sandbox.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  @Test
  void formatsInUtcWithSecondResolution() {
    assertThat(Timestamps.format(Instant.parse("2025-03-14T09:26:53.999Z"))).isEqualTo("2025-03-14 09:26:53");
    assertThat(Timestamps.parse("2025-03-14 09:26:53")).isEqualTo(Instant.parse("2025-03-14T09:26:53Z"));
  }

  @Test
  void nextWriteIsNowWhenNowIsLater() {
    Instant next = Timestamps.nextWrite(Instant.parse("2025-03-14T10:00:00.400Z"), "2025-03-14 09:00:00");

    assertThat(next).isEqualTo(Instant.parse("2025-03-14T10:00:00Z"));
  }

  @Test
  void nextWriteIsOneSecondLaterWithinTheSameSecondOrWhenTheClockIsBehind() {
    assertThat(Timestamps.nextWrite(Instant.parse("2025-03-14T10:00:00.900Z"), "2025-03-14 10:00:00"))
        .isEqualTo(Instant.parse("2025-03-14T10:00:01Z"));
    assertThat(Timestamps.nextWrite(Instant.parse("2025-03-14T09:00:00Z"), "2025-03-14 10:00:05"))
        .isEqualTo(Instant.parse("2025-03-14T10:00:06Z"));
  }

  @Test
  void flexibleParsingCoversTheFormatsClientsSend() {
    ZoneId la = ZoneId.of("America/Los_Angeles");

    assertThat(Timestamps.parseFlexible("2025-03-14", ZoneOffset.UTC, false, "d"))
        .isEqualTo(Instant.parse("2025-03-14T00:00:00Z"));
    assertThat(Timestamps.parseFlexible("2025-03-14", ZoneOffset.UTC, true, "d"))
        .isEqualTo(Instant.parse("2025-03-14T23:59:59Z"));
    assertThat(Timestamps.parseFlexible("2025-03-14 10:00:00", la, false, "d"))
        .isEqualTo(Instant.parse("2025-03-14T17:00:00Z"));
    assertThat(Timestamps.parseFlexible("2025-03-14T10:00:00Z", la, false, "d"))
        .isEqualTo(Instant.parse("2025-03-14T10:00:00Z"));
    assertThat(Timestamps.parseFlexible("2025-03-14T10:00:00+02:00", ZoneOffset.UTC, false, "d"))
        .isEqualTo(Instant.parse("2025-03-14T08:00:00Z"));
    assertThatThrownBy(() -> Timestamps.parseFlexible("14/03/2025", ZoneOffset.UTC, false, "search_start_date"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("search_start_date");
  }
}
