import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The routing fields of a deposited invoice, as the simulated Chorus Pro reads them (CII or UBL).
struct DepositedInvoice {
    enum Family { case cii, ubl, facturX, other }

    var number: String?
    var supplierSiret: String?
    var buyerSiret: String?
    var serviceCode: String?
    var commitmentNumber: String?
    /// The issue date, `yyyy-MM-dd`.
    var issueDate: String?
    var currency: String?
    var totalWithoutTax: Double?
    var totalWithTax: Double?
    var amountDue: Double?
    /// 380 (invoice) or 381 (credit note), as BT-3 gives it.
    var typeCode: String?

    /// The routing fields of an invoice given as JSON (`factures/v1/soumettre`).
    init(
        number: String?, supplierSiret: String?, buyerSiret: String?, serviceCode: String?, commitmentNumber: String?
    ) {
        (self.number, self.supplierSiret, self.buyerSiret) = (number, supplierSiret, buyerSiret)
        (self.serviceCode, self.commitmentNumber) = (serviceCode, commitmentNumber)
    }

    /// Nil when the bytes are not a well-formed invoice of the declared family.
    init?(data: Data, family: Family) {
        guard let document = ElementTexts(data), family == .cii || family == .ubl else { return nil }
        func text(_ path: String) -> String? { document.texts[path] }
        if family == .cii {
            guard document.root == "CrossIndustryInvoice" else { return nil }
            let agreement = "CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement"
            number = text("CrossIndustryInvoice/ExchangedDocument/ID")
            supplierSiret = text(agreement + "/SellerTradeParty/SpecifiedLegalOrganization/ID")
            buyerSiret = text(agreement + "/BuyerTradeParty/SpecifiedLegalOrganization/ID")
            serviceCode = text(agreement + "/BuyerReference")
            commitmentNumber = text(agreement + "/BuyerOrderReferencedDocument/IssuerAssignedID")
            let settlement = "CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement"
            let totals = settlement + "/SpecifiedTradeSettlementHeaderMonetarySummation"
            issueDate = text("CrossIndustryInvoice/ExchangedDocument/IssueDateTime/DateTimeString").map(Self.day)
            currency = text(settlement + "/InvoiceCurrencyCode")
            totalWithoutTax = text(totals + "/TaxBasisTotalAmount").flatMap(Double.init)
            totalWithTax = text(totals + "/GrandTotalAmount").flatMap(Double.init)
            amountDue = text(totals + "/DuePayableAmount").flatMap(Double.init)
            typeCode = text("CrossIndustryInvoice/ExchangedDocument/TypeCode")
        } else {
            guard document.root == "Invoice" else { return nil }
            let supplier = "Invoice/AccountingSupplierParty/Party"
            let buyer = "Invoice/AccountingCustomerParty/Party"
            number = text("Invoice/ID")
            supplierSiret = text(supplier + "/PartyLegalEntity/CompanyID") ?? text(supplier + "/PartyIdentification/ID")
            buyerSiret = text(buyer + "/PartyLegalEntity/CompanyID") ?? text(buyer + "/PartyIdentification/ID")
            serviceCode = text("Invoice/BuyerReference") ?? text("Invoice/AccountingCustomerParty/AccountingContact/ID")
            commitmentNumber = text("Invoice/OrderReference/ID")
            issueDate = text("Invoice/IssueDate")
            currency = text("Invoice/DocumentCurrencyCode")
            totalWithoutTax = text("Invoice/LegalMonetaryTotal/TaxExclusiveAmount").flatMap(Double.init)
            totalWithTax = text("Invoice/LegalMonetaryTotal/TaxInclusiveAmount").flatMap(Double.init)
            amountDue = text("Invoice/LegalMonetaryTotal/PayableAmount").flatMap(Double.init)
            typeCode = text("Invoice/InvoiceTypeCode")
        }
    }
}

extension DepositedInvoice {
    /// `20250301` (CII format 102) as `2025-03-01`; anything else as it is.
    static func day(_ text: String) -> String {
        guard text.count == 8, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return text }
        let digits = Array(text)
        return String(digits[0..<4]) + "-" + String(digits[4..<6]) + "-" + String(digits[6..<8])
    }
}

/// The first non-empty text of each element path of a document (local names joined by `/`).
private struct ElementTexts {
    var root = ""
    var texts: [String: String] = [:]

    init?(_ data: Data) {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse(), reader.closed, let root = reader.root else { return nil }
        self.root = root
        texts = reader.texts
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var path: [String] = []
        var buffers: [String] = []
        var texts: [String: String] = [:]
        var root: String?
        var closed = false

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root == nil { root = elementName }
            path.append(elementName)
            buffers.append("")
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !buffers.isEmpty { buffers[buffers.count - 1] += string }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            let key = path.joined(separator: "/")
            let text = buffers.removeLast().trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, texts[key] == nil { texts[key] = text }
            path.removeLast()
            if path.isEmpty { closed = true }
        }
    }
}

extension SimulatedPlatform {
    /// What Chorus Pro's processing makes of a deposited invoice: incident, rejection (every rule that fails) or
    /// integration. The rejection texts are the platform's where a public source gives them (SIMULATOR-LEDGER.md, section "Deposits").
    func process(_ invoice: DepositedInvoice?, syntax: String) -> DepositOutcome {
        guard let invoice else {
            let error = DepositFlow.TechnicalError(
                codeErreur: "ERR_XSD_001",
                libelleErreur: "Le fichier n'est pas conforme au schema de la syntaxe \(syntax).",
                natureErreur: "STRUCTURE")
            return DepositOutcome(state: .incident, technicalErrors: [error])
        }
        let messages = rejections(invoice)
        guard !messages.isEmpty else { return DepositOutcome(state: .integrated) }
        let errors = messages.map {
            DepositFlow.PaymentRequestError(
                libelleErreurDP: $0, numeroDP: invoice.number ?? "",
                identifiantFournisseur: invoice.supplierSiret ?? "",
                identifiantDestinataire: invoice.buyerSiret ?? "", dateDP: ChorusDate.day(now), montantTtcDP: nil)
        }
        return DepositOutcome(state: .rejected, paymentRequestErrors: errors)
    }

    func rejections(_ invoice: DepositedInvoice) -> [String] {
        let dataset = world.dataset
        var messages: [String] = []
        if invoice.number == nil { messages.append("Le numero de facture (ID.value) est absent.") }
        if let siret = invoice.supplierSiret {
            if let supplier = dataset.structure(siret: siret) {
                if supplier.idStructureCPP != world.technicalAccount.idStructureCPP {
                    messages.append("Le compte technique n'est pas rattache a la structure fournisseur \(siret).")
                }
            } else {
                messages.append(
                    "L'identifiant du fournisseur (AccountingSupplierParty.Party.PartyIdentification.ID.value)"
                        + " n'est pas reference dans notre systeme.")
            }
        } else {
            messages.append("L'identifiant du fournisseur (SIRET) est absent de la facture.")
        }
        if let number = invoice.number, let supplier = invoice.supplierSiret,
            deposits.isAccepted("\(supplier)/\(number)")
                || dataset.invoices.contains(where: { $0.numeroFacture == number && supplier == dataset.supplier.siret }
                )
        {
            messages.append(
                "Le numero de facture (balise : ID.value) existe deja dans la solution, pour le fournisseur renseigne.")
        }
        guard let siret = invoice.buyerSiret else {
            return messages + ["L'identifiant du destinataire (SIRET) est absent de la facture."]
        }
        guard let buyer = dataset.structure(siret: siret) else {
            return messages + ["L'identifiant du destinataire \(siret) n'est pas reference dans notre systeme."]
        }
        guard buyer.isActive else { return messages + ["La structure destinataire \(siret) est inactive."] }
        return messages + requirements(invoice, buyer)
    }

    /// Service code and commitment number against the buyer's parameters and its service's.
    func requirements(_ invoice: DepositedInvoice, _ buyer: DatasetStructure) -> [String] {
        let siret = buyer.siret
        var needsCommitment = buyer.parameters.numeroEJDoitEtreRenseigne
        if let code = invoice.serviceCode {
            guard let service = buyer.services.first(where: { $0.codeService == code }) else {
                return [
                    "Le code service (AccountingCustomerParty.AccountingContact.ID) n'existe pas dans le referentiel"
                        + " des codes services. Le referentiel est accessible depuis le portail."
                ]
            }
            guard service.isActive else { return ["Le service \(code) de la structure destinataire est inactif."] }
            needsCommitment = needsCommitment || service.requiresEngagementNumber
        } else if buyer.parameters.codeServiceDoitEtreRenseigne {
            return ["Le code service est obligatoire pour la structure destinataire \(siret)."]
        } else if buyer.parameters.gestionNumeroEJOuCodeService, invoice.commitmentNumber == nil {
            return [
                "Le numero d'engagement ou le code service doit etre renseigne pour la structure destinataire \(siret)."
            ]
        }
        if needsCommitment, invoice.commitmentNumber == nil {
            return ["Le numero d'engagement est obligatoire pour la structure destinataire \(siret)."]
        }
        return []
    }
}
