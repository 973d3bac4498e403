import Foundation

/// A small invoice for the qualification dataset, in whole cents so that every total adds up exactly.
public struct TestInvoice: Sendable, Codable {
    /// A trading party: the supplier (seller) or the public buyer.
    public struct Party: Sendable, Codable {
        public var name: String
        public var siret: String
        public var vatNumber: String?
        public var country = "FR"

        public init(name: String, siret: String, vatNumber: String? = nil) {
            self.name = name
            self.siret = siret
            self.vatNumber = vatNumber
        }

        /// The French intra-community VAT number of a SIRET's company: FR + key + SIREN.
        public static func frenchVAT(siret: String) -> String? {
            guard siret.count == 14, let siren = Int(siret.prefix(9)) else { return nil }
            return "FR" + String(format: "%02d", (12 + 3 * (siren % 97)) % 97) + String(siret.prefix(9))
        }
    }

    public struct Line: Sendable, Codable {
        public var name: String
        public var quantity: Int
        public var unitPriceCents: Int
        public var lineTotalCents: Int { quantity * unitPriceCents }
    }

    /// Written in every generated sample's note, so that `send --production` can refuse it.
    public static let sampleMarker = "[chorus-doctor-sample]"

    /// BT-1: at most 20 characters (the platform's limit on invoice numbers).
    public var number: String
    public var issueDate: Date
    public var dueDate: Date
    public var currency = "EUR"
    public var supplier: Party
    public var buyer: Party
    /// BT-10, the buyer's « code service exécutant ».
    public var serviceCode: String?
    /// BT-13, the buyer's commitment number (« numéro d'engagement », EJ).
    public var commitmentNumber: String?
    public var note: String
    public var lines: [Line]
    /// VAT rate in percent (one standard-rated category S for every line).
    public var vatRate = 20
    public var iban = "FR7630006000011234567890189"

    public var baseCents: Int { lines.reduce(0) { $0 + $1.lineTotalCents } }
    /// Rounded half up, to the cent.
    public var vatCents: Int { (baseCents * vatRate + 50) / 100 }
    public var totalCents: Int { baseCents + vatCents }

    /// A number unique per run: `CDT` + date and time to the second + 4 random hex digits (20 characters).
    public static func uniqueNumber(at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(
            format: "%02d%02d%02d%02d%02d%02d", (parts.year ?? 0) % 100, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        return "CDT" + stamp + "-" + String(format: "%04X", UInt16.random(in: 0...UInt16.max))
    }

    /// `12345` → `123.45`.
    static func amount(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let value = abs(cents)
        return sign + String(value / 100) + "." + String(format: "%02d", value % 100)
    }

    /// `yyyyMMdd` (UN/CEFACT format 102).
    static func day102(_ date: Date) -> String { CalendarDay.format(date).replacingOccurrences(of: "-", with: "") }
}
