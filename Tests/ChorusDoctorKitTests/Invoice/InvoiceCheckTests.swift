import Foundation
import Testing

@testable import ChorusDoctorKit

/// The invoice checks' data and the reading of generated invoices, offline.
struct InvoiceCheckTests {
    let library = ChecklistLibrary.embedded

    @Test func everyCheckIsCompleteInBothLanguages() throws {
        let book = library.invoiceChecks
        #expect(book.checks.count >= 20)
        for check in book.checks {
            for text in [check.cause] + check.fixes {
                #expect(!text.en.isEmpty && !text.fr.isEmpty, "\(check.id)")
            }
            #expect(!check.fixes.isEmpty, "\(check.id) has no fix")
        }
    }

    /// A rejection quoted by `analyze` is explained by the same rules `flow status` applies to the real return.
    @Test func everyQuotedRejectionIsExplained() throws {
        let book = library.invoiceChecks
        let explainer = library.explainer
        let expected = [
            "supplier.siret-missing": "rejection.supplier-siret-missing",
            "supplier.unknown": "rejection.supplier-not-referenced",
            "supplier.not-attached": "rejection.supplier-not-attached",
            "buyer.siret-missing": "rejection.customer-siret-missing",
            "buyer.unknown": "rejection.customer-siret-wrong",
            "buyer.inactive": "rejection.structure-inactive",
            "service.missing": "rejection.service-code-missing",
            "service.unknown": "rejection.service-code-unknown",
            "service.inactive": "rejection.service-inactive",
            "commitment.missing": "rejection.commitment-missing",
            "invoice.number-missing": "rejection.invoice-number-missing",
            "xml.malformed": "rejection.file-format",
        ]
        for check in book.checks {
            guard let rejection = check.rejection else { continue }
            let text = rejection.replacingOccurrences(of: "{siret}", with: "94628194600016")
                .replacingOccurrences(of: "{service}", with: "ACHATS")
                .replacingOccurrences(of: "{syntax}", with: "IN_DP_E1_CII_16B")
            let diagnosis = explainer.explain(message: text, language: .en).diagnosis
            #expect(diagnosis != nil, "no rule explains \(check.id): \(text)")
            if let id = expected[check.id] { #expect(diagnosis?.id == id, "\(check.id)") }
        }
    }

    func invoice(service: String? = "ACHATS", commitment: String? = nil) -> TestInvoice {
        TestInvoice(
            number: TestInvoice.uniqueNumber(at: Date()), issueDate: Date(), dueDate: Date(),
            supplier: .init(name: "A & <B>", siret: "95260181300019", vatNumber: "FR44952601813"),
            buyer: .init(name: "Commune", siret: "94628194600016"), serviceCode: service, commitmentNumber: commitment,
            note: TestInvoice.sampleMarker + " test",
            lines: [
                .init(name: "x", quantity: 2, unitPriceCents: 15_000),
                .init(name: "y", quantity: 1, unitPriceCents: 4_550),
            ])
    }

    @Test(arguments: InvoiceSyntax.allCases) func generatedInvoicesReadBack(syntax: InvoiceSyntax) throws {
        let written = invoice(commitment: "EJ-1")
        let xml = try XMLValues.read(Data(InvoiceWriter.xml(written, syntax: syntax).utf8))
        let fields = try #require(InvoiceFields(xml))
        #expect(fields.syntax == syntax)
        #expect(fields.number == written.number)
        #expect(fields.supplierSiret == "95260181300019")
        #expect(fields.supplierName == "A & <B>")
        #expect(fields.buyerSiret == "94628194600016")
        #expect(fields.serviceCode == "ACHATS")
        #expect(fields.commitmentNumber == "EJ-1")
        #expect(fields.isGeneratedSample)
        #expect(fields.totalsInconsistent == false)
        #expect(fields.grandTotal == "414.60")
    }

    @Test func amountsAndNumbers() {
        let sample = invoice()
        #expect(sample.baseCents == 34_550)
        #expect(sample.vatCents == 6_910)
        #expect(sample.totalCents == 41_460)
        #expect(TestInvoice.amount(5) == "0.05")
        let numbers = Set((0..<50).map { _ in TestInvoice.uniqueNumber(at: Date()) })
        #expect(numbers.count > 45)
        #expect(numbers.allSatisfy { $0.count == 20 })
    }

    @Test func truncatedOrHostileXMLIsRefused() {
        #expect(throws: XMLValues.Failure.malformed) { try XMLValues.read(Data("<a><b>".utf8)) }
        #expect(throws: XMLValues.Failure.malformed) { try XMLValues.read(Data("not xml".utf8)) }
        let many = "<a>" + String(repeating: "<b/>", count: 1_000) + "</a>"
        #expect(throws: XMLValues.Failure.malformed) { try XMLValues.read(Data(many.utf8), elementLimit: 100) }
        #expect(throws: Never.self) { try XMLValues.read(Data(many.utf8), elementLimit: 1_001) }
        #expect(XMLText.escape("a<&>\"'\u{01}") == "a&lt;&amp;&gt;&quot;&apos;")
    }
}
