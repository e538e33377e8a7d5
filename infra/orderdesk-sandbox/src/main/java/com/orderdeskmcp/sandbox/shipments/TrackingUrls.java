package com.orderdeskmcp.sandbox.shipments;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * OrderDesk "guesses [the tracking URL] from the tracking format and carrier" when a shipment comes
 * without one. The sandbox goes by the carrier code first, then by the number's well-known shapes;
 * anything else (and "n/a") gets no URL.
 */
public final class TrackingUrls {

  private static final Pattern UPS = Pattern.compile("1Z[0-9A-Z]{16}");
  private static final Pattern USPS = Pattern.compile("(9[1-5]\\d{20}|\\d{20}|[A-Z]{2}\\d{9}US)");
  private static final Pattern FEDEX = Pattern.compile("\\d{12}|\\d{15}");
  private static final Pattern DHL = Pattern.compile("\\d{10}");

  private TrackingUrls() {
  }

  public static String derive(String carrierCode, String trackingNumber) {
    String number = trackingNumber == null ? "" : trackingNumber.trim().replace(" ", "");
    if (number.isEmpty() || number.equalsIgnoreCase("n/a")) {
      return "";
    }
    String carrier = carrierCode == null ? "" : carrierCode.trim().toLowerCase(Locale.ROOT);
    if (carrier.isEmpty()) {
      carrier = guessCarrier(number.toUpperCase(Locale.ROOT));
    }
    String encoded = URLEncoder.encode(number, StandardCharsets.UTF_8);
    if (carrier.contains("usps")) {
      return "https://tools.usps.com/go/TrackConfirmAction?tLabels=" + encoded;
    }
    if (carrier.contains("ups")) {
      return "https://www.ups.com/track?tracknum=" + encoded;
    }
    if (carrier.contains("fedex")) {
      return "https://www.fedex.com/fedextrack/?trknbr=" + encoded;
    }
    if (carrier.contains("dhl")) {
      return "https://www.dhl.com/en/express/tracking.html?AWB=" + encoded;
    }
    return "";
  }

  private static String guessCarrier(String number) {
    if (UPS.matcher(number).matches()) {
      return "ups";
    }
    if (USPS.matcher(number).matches()) {
      return "usps";
    }
    if (FEDEX.matcher(number).matches()) {
      return "fedex";
    }
    if (DHL.matcher(number).matches()) {
      return "dhl";
    }
    return "";
  }
}
