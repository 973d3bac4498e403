import Foundation

/// The flow syntaxes `invoice` writes and reads (`syntaxeFlux` of `factures/v1/deposer/flux`).
public enum InvoiceSyntax: String, Sendable, Codable, CaseIterable {
    /// UN/CEFACT Cross Industry Invoice D16B, the XML of Factur-X / EN 16931.
    case cii = "IN_DP_E1_CII_16B"
    /// OASIS UBL 2.1 Invoice, EN 16931.
    case ubl = "IN_DP_E1_UBL_INVOICE"

    /// `--syntax` values: the platform's name, or `cii` / `ubl`.
    public init?(argument: String) {
        switch argument.uppercased() {
        case "CII", "IN_DP_E1_CII", Self.cii.rawValue: self = .cii
        case "UBL", Self.ubl.rawValue: self = .ubl
        default: return nil
        }
    }

    /// The syntax of a document by its root element.
    init?(root: String, namespace: String) {
        switch root {
        case "CrossIndustryInvoice" where namespace.contains("CrossIndustryInvoice"): self = .cii
        case "Invoice" where namespace.contains("oasis"): self = .ubl
        default: return nil
        }
    }

    public var shortName: String { self == .cii ? "CII" : "UBL" }
}

/// The XML of a `TestInvoice`.
enum InvoiceWriter {
    static func xml(_ invoice: TestInvoice, syntax: InvoiceSyntax) -> String {
        syntax == .cii ? cii(invoice) : ubl(invoice)
    }

    static func e(_ text: String) -> String { XMLText.escape(text) }

    // MARK: - CII (Factur-X EN 16931 profile)

    static func cii(_ invoice: TestInvoice) -> String {
        let cur = e(invoice.currency)
        var x = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" \
            xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" \
            xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" \
            xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
            <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>\
            <ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>\
            </rsm:ExchangedDocumentContext>
            <rsm:ExchangedDocument><ram:ID>\(e(invoice.number))</ram:ID><ram:TypeCode>380</ram:TypeCode>\
            <ram:IssueDateTime><udt:DateTimeString format="102">\(TestInvoice.day102(invoice.issueDate))\
            </udt:DateTimeString></ram:IssueDateTime>\
            <ram:IncludedNote><ram:Content>\(e(invoice.note))</ram:Content></ram:IncludedNote></rsm:ExchangedDocument>
            <rsm:SupplyChainTradeTransaction>

            """
        for (index, line) in invoice.lines.enumerated() {
            x += """
                <ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>\(index + 1)\
                </ram:LineID></ram:AssociatedDocumentLineDocument><ram:SpecifiedTradeProduct><ram:Name>\(e(line.name))\
                </ram:Name></ram:SpecifiedTradeProduct><ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice>\
                <ram:ChargeAmount>\(TestInvoice.amount(line.unitPriceCents))</ram:ChargeAmount>\
                </ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement><ram:SpecifiedLineTradeDelivery>\
                <ram:BilledQuantity unitCode="C62">\(line.quantity)</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>\
                <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>\
                <ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>\(invoice.vatRate)\
                </ram:RateApplicablePercent></ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation>\
                <ram:LineTotalAmount>\(TestInvoice.amount(line.lineTotalCents))</ram:LineTotalAmount>\
                </ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>\
                </ram:IncludedSupplyChainTradeLineItem>

                """
        }
        x += "<ram:ApplicableHeaderTradeAgreement>"
        if let service = invoice.serviceCode { x += "<ram:BuyerReference>\(e(service))</ram:BuyerReference>" }
        x += ciiParty("SellerTradeParty", invoice.supplier) + ciiParty("BuyerTradeParty", invoice.buyer)
        if let commitment = invoice.commitmentNumber {
            x += "<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>\(e(commitment))</ram:IssuerAssignedID>"
            x += "</ram:BuyerOrderReferencedDocument>"
        }
        x += "</ram:ApplicableHeaderTradeAgreement>\n"
        x += """
            <ram:ApplicableHeaderTradeDelivery><ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime>\
            <udt:DateTimeString format="102">\(TestInvoice.day102(invoice.issueDate))</udt:DateTimeString>\
            </ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent></ram:ApplicableHeaderTradeDelivery>
            <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>\(cur)</ram:InvoiceCurrencyCode>\
            <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>30</ram:TypeCode>\
            <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>\(e(invoice.iban))</ram:IBANID>\
            </ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>\
            <ram:ApplicableTradeTax><ram:CalculatedAmount>\(TestInvoice.amount(invoice.vatCents))</ram:CalculatedAmount>\
            <ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>\(TestInvoice.amount(invoice.baseCents))</ram:BasisAmount>\
            <ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>\(invoice.vatRate)\
            </ram:RateApplicablePercent></ram:ApplicableTradeTax>\
            <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">\
            \(TestInvoice.day102(invoice.dueDate))</udt:DateTimeString></ram:DueDateDateTime>\
            </ram:SpecifiedTradePaymentTerms>\
            <ram:SpecifiedTradeSettlementHeaderMonetarySummation>\
            <ram:LineTotalAmount>\(TestInvoice.amount(invoice.baseCents))</ram:LineTotalAmount>\
            <ram:TaxBasisTotalAmount>\(TestInvoice.amount(invoice.baseCents))</ram:TaxBasisTotalAmount>\
            <ram:TaxTotalAmount currencyID="\(cur)">\(TestInvoice.amount(invoice.vatCents))</ram:TaxTotalAmount>\
            <ram:GrandTotalAmount>\(TestInvoice.amount(invoice.totalCents))</ram:GrandTotalAmount>\
            <ram:DuePayableAmount>\(TestInvoice.amount(invoice.totalCents))</ram:DuePayableAmount>\
            </ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>
            </rsm:SupplyChainTradeTransaction>
            </rsm:CrossIndustryInvoice>

            """
        return x
    }

    /// A party with its SIRET (scheme 0009), address and, for companies, VAT number.
    static func ciiParty(_ element: String, _ party: TestInvoice.Party) -> String {
        var x = "<ram:\(element)><ram:Name>\(e(party.name))</ram:Name>"
        x += "<ram:SpecifiedLegalOrganization><ram:ID schemeID=\"0009\">\(e(party.siret))</ram:ID>"
        x += "</ram:SpecifiedLegalOrganization>"
        x += "<ram:PostalTradeAddress><ram:CountryID>\(e(party.country))</ram:CountryID></ram:PostalTradeAddress>"
        if let vat = party.vatNumber {
            x +=
                "<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">\(e(vat))</ram:ID></ram:SpecifiedTaxRegistration>"
        }
        return x + "</ram:\(element)>"
    }
}
