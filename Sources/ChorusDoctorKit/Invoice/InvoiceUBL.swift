import Foundation

extension InvoiceWriter {
    // MARK: - UBL 2.1 Invoice (EN 16931)

    static func ubl(_ invoice: TestInvoice) -> String {
        let cur = e(invoice.currency)
        func money(_ element: String, _ cents: Int) -> String {
            "<cbc:\(element) currencyID=\"\(cur)\">\(TestInvoice.amount(cents))</cbc:\(element)>"
        }
        let category =
            "<cbc:ID>S</cbc:ID><cbc:Percent>\(invoice.vatRate)</cbc:Percent>"
            + "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>"
        var x = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
            <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
            <cbc:ID>\(e(invoice.number))</cbc:ID>
            <cbc:IssueDate>\(CalendarDay.format(invoice.issueDate))</cbc:IssueDate>
            <cbc:DueDate>\(CalendarDay.format(invoice.dueDate))</cbc:DueDate>
            <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
            <cbc:Note>\(e(invoice.note))</cbc:Note>
            <cbc:DocumentCurrencyCode>\(cur)</cbc:DocumentCurrencyCode>

            """
        if let service = invoice.serviceCode { x += "<cbc:BuyerReference>\(e(service))</cbc:BuyerReference>\n" }
        if let commitment = invoice.commitmentNumber {
            x += "<cac:OrderReference><cbc:ID>\(e(commitment))</cbc:ID></cac:OrderReference>\n"
        }
        x += "<cac:AccountingSupplierParty>\(ublParty(invoice.supplier))</cac:AccountingSupplierParty>\n"
        x += "<cac:AccountingCustomerParty>\(ublParty(invoice.buyer))</cac:AccountingCustomerParty>\n"
        x += "<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cac:PayeeFinancialAccount>"
        x += "<cbc:ID>\(e(invoice.iban))</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>\n"
        x += "<cac:TaxTotal>" + money("TaxAmount", invoice.vatCents) + "<cac:TaxSubtotal>"
        x += money("TaxableAmount", invoice.baseCents) + money("TaxAmount", invoice.vatCents)
        x += "<cac:TaxCategory>\(category)</cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>\n"
        x += "<cac:LegalMonetaryTotal>" + money("LineExtensionAmount", invoice.baseCents)
        x += money("TaxExclusiveAmount", invoice.baseCents) + money("TaxInclusiveAmount", invoice.totalCents)
        x += money("PayableAmount", invoice.totalCents) + "</cac:LegalMonetaryTotal>\n"
        for (index, line) in invoice.lines.enumerated() {
            x += "<cac:InvoiceLine><cbc:ID>\(index + 1)</cbc:ID>"
            x += "<cbc:InvoicedQuantity unitCode=\"C62\">\(line.quantity)</cbc:InvoicedQuantity>"
            x += money("LineExtensionAmount", line.lineTotalCents)
            x += "<cac:Item><cbc:Name>\(e(line.name))</cbc:Name>"
            x += "<cac:ClassifiedTaxCategory>\(category)</cac:ClassifiedTaxCategory></cac:Item>"
            x += "<cac:Price>" + money("PriceAmount", line.unitPriceCents) + "</cac:Price></cac:InvoiceLine>\n"
        }
        return x + "</Invoice>\n"
    }

    /// A party with its SIRET (scheme 0009) as legal identifier, country and, for companies, VAT number.
    static func ublParty(_ party: TestInvoice.Party) -> String {
        var x = "<cac:Party><cac:PartyName><cbc:Name>\(e(party.name))</cbc:Name></cac:PartyName>"
        x += "<cac:PostalAddress><cac:Country><cbc:IdentificationCode>\(e(party.country))</cbc:IdentificationCode>"
        x += "</cac:Country></cac:PostalAddress>"
        if let vat = party.vatNumber {
            x += "<cac:PartyTaxScheme><cbc:CompanyID>\(e(vat))</cbc:CompanyID>"
            x += "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>"
        }
        x += "<cac:PartyLegalEntity><cbc:RegistrationName>\(e(party.name))</cbc:RegistrationName>"
        x += "<cbc:CompanyID schemeID=\"0009\">\(e(party.siret))</cbc:CompanyID></cac:PartyLegalEntity>"
        return x + "</cac:Party>"
    }
}
