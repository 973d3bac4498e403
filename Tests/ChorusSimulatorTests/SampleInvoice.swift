import Foundation

/// A small CII invoice (the routing fields and totals the simulated platform reads), for deposits in tests.
enum SampleInvoice {
    static func cii(
        number: String, supplier: String, buyer: String, issued: String = "20260301", total: String = "120.00"
    ) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" \
        xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" \
        xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
          <rsm:ExchangedDocument>
            <ram:ID>\(number)</ram:ID>
            <ram:TypeCode>380</ram:TypeCode>
            <ram:IssueDateTime><udt:DateTimeString format="102">\(issued)</udt:DateTimeString></ram:IssueDateTime>
          </rsm:ExchangedDocument>
          <rsm:SupplyChainTradeTransaction>
            <ram:ApplicableHeaderTradeAgreement>
              <ram:SellerTradeParty><ram:Name>Seller</ram:Name>
                <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">\(supplier)</ram:ID></ram:SpecifiedLegalOrganization>
              </ram:SellerTradeParty>
              <ram:BuyerTradeParty><ram:Name>Buyer</ram:Name>
                <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">\(buyer)</ram:ID></ram:SpecifiedLegalOrganization>
              </ram:BuyerTradeParty>
            </ram:ApplicableHeaderTradeAgreement>
            <ram:ApplicableHeaderTradeSettlement>
              <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
              <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
                <ram:GrandTotalAmount>\(total)</ram:GrandTotalAmount>
                <ram:DuePayableAmount>\(total)</ram:DuePayableAmount>
              </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
            </ram:ApplicableHeaderTradeSettlement>
          </rsm:SupplyChainTradeTransaction>
        </rsm:CrossIndustryInvoice>
        """
    }

    /// The `deposer/flux` body for `xml`.
    static func depositBody(_ xml: String, fileName: String = "facture.xml") -> String {
        let encoded = Data(xml.utf8).base64EncodedString()
        return
            #"{"fichierFlux":"\#(encoded)","nomFichier":"\#(fileName)","syntaxeFlux":"IN_DP_E1_CII_16B","avecSignature":false}"#
    }
}
