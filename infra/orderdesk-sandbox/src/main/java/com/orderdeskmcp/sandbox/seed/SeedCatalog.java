package com.orderdeskmcp.sandbox.seed;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The raw material of seeded orders: people, places and products, some of them deliberately non-ASCII. */
public final class SeedCatalog {

  public record Person(String firstName, String lastName, String company) {
  }

  public record Place(String address1, String address2, String city, String state, String postalCode, String country,
      String phone) {
  }

  public record Product(String code, String name, BigDecimal price, BigDecimal weight, String deliveryType,
      Map<String, String> variations) {
  }

  public record ShippingOption(String method, String carrier, BigDecimal cost) {
  }

  public static final List<Person> PEOPLE = List.of(
      new Person("Emma", "Johnson", ""),
      new Person("José", "García", ""),
      new Person("Zoë", "Müller", "Müller & Söhne GmbH"),
      new Person("Łukasz", "Kowalski", ""),
      new Person("Søren", "Østergaard", ""),
      new Person("Aiko", "山田", ""),
      new Person("Chloé", "Dubois", "Atelier Dubois"),
      new Person("Liam", "O'Brien", ""),
      new Person("Ingrid", "Johansson", ""),
      new Person("François", "Lefèvre", ""),
      new Person("Oluwaseun", "Adeyemi", "Lagos Trading Co."),
      new Person("Priya", "Patel", ""),
      new Person("Mateo", "Rossi", ""),
      new Person("Hannah", "Schmidt", ""),
      new Person("Nguyễn", "Văn An", ""),
      new Person("Noah", "Smith", "Smith Hardware"),
      new Person("Björk", "Guðmundsdóttir", ""),
      new Person("Ava", "Brown", ""));

  public static final List<Place> PLACES = List.of(
      new Place("742 Evergreen Terrace", "", "Springfield", "OR", "97403", "US", "541-555-0142"),
      new Place("1600 Pennsylvania Ave NW", "Suite 200", "Washington", "DC", "20500", "US", "202-555-0188"),
      new Place("350 Fifth Avenue", "Floor 34", "New York", "NY", "10118", "US", "212-555-0101"),
      new Place("1 Infinite Loop", "", "Cupertino", "CA", "95014", "US", "408-555-0110"),
      new Place("Königstraße 5", "", "Stuttgart", "BW", "70173", "DE", "+49 711 555012"),
      new Place("Calle de Alcalá 42", "2º izquierda", "Madrid", "M", "28014", "ES", "+34 915 550 123"),
      new Place("10 Rue de Rivoli", "", "Paris", "IDF", "75001", "FR", "+33 1 55 50 12 34"),
      new Place("渋谷2-21-1", "ヒカリエ 8F", "渋谷区", "東京都", "150-8510", "JP", "+81 3-5555-0123"),
      new Place("ul. Floriańska 15", "", "Kraków", "MA", "31-019", "PL", "+48 12 555 01 23"),
      new Place("Strøget 12", "", "København", "84", "1160", "DK", "+45 33 55 50 12"),
      new Place("221B Baker Street", "", "London", "", "NW1 6XE", "GB", "+44 20 7946 0958"),
      new Place("88 Queen Street", "Unit 4", "Toronto", "ON", "M5C 1S6", "CA", "416-555-0199"));

  public static final List<Product> PRODUCTS = List.of(
      new Product("TSHIRT-BLK-M", "Organic Cotton T-Shirt", price("24.00"), price("0.4"), "ship",
          Map.of("Size", "M", "Color", "Black")),
      new Product("MUG-12OZ", "Ceramic Mug 12 oz", price("14.50"), price("0.9"), "ship", Map.of()),
      new Product("CAP-NAVY", "Baseball Cap – Navy", price("19.99"), price("0.2"), "ship", Map.of()),
      new Product("SOCK-3PK", "Merino Socks (3-pack)", price("29.00"), price("0.3"), "ship",
          Map.of("Size", "L")),
      new Product("PRINT-A2", "Art Print A2 „Nordlicht“", price("35.00"), price("0.5"), "ship", Map.of()),
      new Product("TOTE-NAT", "Canvas Tote Bag", price("18.00"), price("0.3"), "ship", Map.of()),
      new Product("HOODIE-GRY-L", "Zip Hoodie", price("59.00"), price("0.8"), "ship",
          Map.of("Size", "L", "Color", "Grey")),
      new Product("STICKER-5", "Sticker Pack ×5", price("6.50"), price("0.05"), "ship", Map.of()),
      new Product("BOTTLE-750", "Steel Bottle 750 ml", price("27.95"), price("0.45"), "ship", Map.of()),
      new Product("GUIDE-PDF", "Care Guide (PDF)", price("9.00"), price("0"), "download", Map.of()));

  public static final List<ShippingOption> SHIPPING = List.of(
      new ShippingOption("USPS Priority Mail", "USPS", price("8.95")),
      new ShippingOption("UPS Ground", "UPS", price("11.17")),
      new ShippingOption("FedEx Home Delivery", "FedEx", price("12.40")),
      new ShippingOption("DHL Express Worldwide", "DHL", price("24.00")));

  public static final List<String> SOURCES = List.of("Order Desk", "Shopify", "WooCommerce", "Amazon", "Etsy");
  public static final List<String> PAYMENT_TYPES = List.of("Visa", "Mastercard", "American Express", "PayPal");
  public static final List<String> PAYMENT_STATUSES = List.of(
      "Captured", "Captured", "Captured", "Captured", "Approved", "Authorized", "Pending", "Partially Refunded");
  public static final List<String> GIFT_MESSAGES = List.of(
      "Happy Birthday! 🎉", "Alles Gute zum Geburtstag", "Merry Christmas", "Félicitations !", "おめでとう");
  public static final List<String> LOCATIONS = List.of("Warehouse A", "Warehouse B", "Dropship", "Fulfillment Center");
  public static final List<String> HISTORY_NOTES = List.of(
      "Customer e-mailed: asked whether the parcel can be left with a neighbour.",
      "Address verified with USPS — no changes.",
      "Payment captured.",
      "Kunde bittet um Lieferung ab Montag.",
      "Gift receipt requested 🎁");
  public static final List<String> NOTES = List.of(
      "Customer asked for gift wrapping.",
      "Address confirmed by phone.",
      "Requested delivery after 5 pm.",
      "Possible duplicate of an earlier order — checked, it is not.");

  private SeedCatalog() {
  }

  private static BigDecimal price(String value) {
    return new BigDecimal(value);
  }
}
