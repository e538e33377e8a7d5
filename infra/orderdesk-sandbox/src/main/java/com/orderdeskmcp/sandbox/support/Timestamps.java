package com.orderdeskmcp.sandbox.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** OrderDesk's "YYYY-MM-DD HH:MM:SS" UTC timestamps, and the looser forms clients use in filters. */
public final class Timestamps {

  private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern LOCAL_DATE_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

  private Timestamps() {
  }

  public static String format(Instant instant) {
    return WIRE.format(instant.atOffset(ZoneOffset.UTC));
  }

  public static String date(Instant instant) {
    return DateTimeFormatter.ISO_LOCAL_DATE.format(instant.atOffset(ZoneOffset.UTC));
  }

  /** Parses a stored wire timestamp; these are always written by {@link #format}. */
  public static Instant parse(String wire) {
    return LocalDateTime.parse(wire, WIRE).toInstant(ZoneOffset.UTC);
  }

  /**
   * The {@code date_updated} of a write: now, but always at least one second after the previous
   * value. The field has one-second resolution, so without this two writes in the same second would
   * look identical and the sandbox's conflict check could not tell them apart.
   */
  public static Instant nextWrite(Instant now, String previous) {
    Instant candidate = now.truncatedTo(ChronoUnit.SECONDS);
    if (previous == null || previous.isBlank()) {
      return candidate;
    }
    Instant floor = parse(previous).plusSeconds(1);
    return candidate.isBefore(floor) ? floor : candidate;
  }

  /**
   * Reads a client-supplied date: {@code YYYY-MM-DD} (start or end of that day), {@code YYYY-MM-DD
   * HH:MM:SS} or ISO-8601 with or without an offset. Values without an offset are in {@code zone}.
   */
  public static Instant parseFlexible(String value, ZoneId zone, boolean endOfDay, String field) {
    String text = value.trim();
    try {
      if (DATE_ONLY.matcher(text).matches()) {
        LocalDate day = LocalDate.parse(text);
        LocalDateTime at = endOfDay ? day.atTime(23, 59, 59) : day.atStartOfDay();
        return at.atZone(zone).toInstant();
      }
      if (LOCAL_DATE_TIME.matcher(text).matches()) {
        return LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone).toInstant();
      }
      return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "Invalid " + field + ": expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or ISO-8601");
    }
  }
}
