import Foundation
import Hummingbird

/// Chorus Pro's supplier-side invoice operations: search, read, submit as JSON.
extension SimulatedPlatform {
    /// Every invoice on the platform at `date`: the dataset's, then those deposited or submitted since.
    func invoices(at date: Date) -> [PlatformInvoice] {
        world.dataset.invoices.filter { $0.depositedAt <= date } + deposits.invoices(at: date)
    }

    /// `factures/v1/rechercher/fournisseur`: the invoices of the account's structure that match every criterion
    /// given (flow number, invoice number, deposit dates, current statuses, invoice type), newest first, a page at a
    /// time.
    func searchSupplierInvoices(_ parameters: InvoiceSearchParameters) -> Response {
        let paging = parameters.rechercheFactureParFournisseur ?? parameters.pagination
        let perPage = max(1, min(paging?.nbResultatsParPage ?? 10, 500))
        let page = max(1, paging?.pageResultatDemandee ?? 1)
        guard let criteria = InvoiceCriteria(parameters) else { return WireAnswer.empty(.badRequest) }
        let found = invoices(at: now)
            .filter { $0.supplierID == world.technicalAccount.idStructureCPP && criteria.matches($0, at: now) }
            .sorted { ($0.depositedAt, $0.identifiantFactureCPP) > ($1.depositedAt, $1.identifiantFactureCPP) }
        let pages = (found.count + perPage - 1) / perPage
        let items = found.dropFirst((page - 1) * perPage).prefix(perPage)
        return WireAnswer.json(
            InvoiceSearchAnswer(
                codeRetour: ReturnCode.invoicesSuccess.codeRetour, libelle: ReturnCode.invoicesSuccess.libelle,
                listeFactures: items.map(searchEntry),
                parametresRetour: PageReturn(
                    nbResultatsParPage: perPage, pageCourante: page, pages: pages, total: found.count)
            )
        )
    }

    private func searchEntry(_ invoice: PlatformInvoice) -> InvoiceSearchEntry {
        let supplier = world.dataset.structure(id: invoice.supplierID)
        let buyer = invoice.buyerID.flatMap(world.dataset.structure(id:))
        let current = invoice.status(at: now)
        return InvoiceSearchEntry(
            identifiantFactureCPP: invoice.identifiantFactureCPP, numeroFacture: invoice.numeroFacture,
            typeDemandePaiement: "FACTURE", typeFacture: invoice.typeFacture,
            codeFournisseur: supplier?.siret ?? "", typeIdentifiantFournisseur: "SIRET",
            designationFournisseur: supplier?.designation ?? "", idDestinataire: invoice.buyerID,
            codeDestinataire: invoice.buyerSiret, designationDestinataire: buyer?.designation,
            dateFacture: invoice.dateFacture, dateDepot: ChorusDate.day(invoice.depositedAt),
            montantHT: invoice.montantHT, montantTTC: invoice.montantTTC, montantAPayer: invoice.montantAPayer,
            devise: invoice.devise, statut: current.status.rawValue, numeroFluxDepot: invoice.numeroFluxDepot,
            modeDepot: invoice.modeDepot, dateHeureEtatCourant: ChorusDate.dateTime(current.since), rejetTraite: false)
    }

    /// `factures/v1/consulter/fournisseur`: one invoice of the account's structure and its current status.
    func readSupplierInvoice(_ parameters: InvoiceReadParameters) -> Response {
        guard let id = parameters.identifiantFactureCPP?.value,
            let invoice = invoices(at: now).first(where: {
                $0.identifiantFactureCPP == id && $0.supplierID == world.technicalAccount.idStructureCPP
            })
        else { return WireAnswer.json(InvoiceReadAnswer(code: .unknownIdentifier)) }
        let current = invoice.status(at: now)
        var answer = InvoiceReadAnswer(code: .invoicesSuccess)
        answer.facture = InvoiceReadAnswer.Invoice(
            identifiantFactureCPP: invoice.identifiantFactureCPP, numeroFacture: invoice.numeroFacture,
            statutFacture: current.status.rawValue, dateHeureEtatCourant: ChorusDate.dateTime(current.since),
            typeFacture: invoice.typeFacture, dateFacture: invoice.dateFacture,
            dateDepot: ChorusDate.day(invoice.depositedAt), modeDepot: invoice.modeDepot,
            numeroFluxDepot: invoice.numeroFluxDepot, devise: invoice.devise,
            destinataire: .init(codeDestinataire: invoice.buyerSiret, codeServiceExecutant: invoice.serviceCode),
            fournisseur: .init(idFournisseur: invoice.supplierID),
            montantTotal: .init(
                montantHtTotal: invoice.montantHT, montantTtcTotal: invoice.montantTTC,
                montantAPayer: invoice.montantAPayer))
        return WireAnswer.json(answer)
    }

    /// `factures/v1/soumettre`: an invoice given as JSON, checked at once against the same routing rules as a
    /// deposited flow; accepted, it is on the platform as DEPOSEE and follows the invoice lifecycle.
    func submitInvoice(_ parameters: SubmittedInvoice) -> Response {
        func refuse(_ code: ReturnCode) -> Response { WireAnswer.json(SubmitAnswer(code: code)) }
        guard let number = parameters.numeroFactureSaisi?.trimmingCharacters(in: .whitespaces), !number.isEmpty,
            number.count <= 20, let buyer = parameters.destinataire?.codeDestinataire, !buyer.isEmpty
        else { return refuse(.depositParameter) }
        let mode = parameters.modeDepot ?? "SAISIE_API"
        guard ["SAISIE_API", "DEPOT_PDF_API"].contains(mode) else { return refuse(.depositParameter) }
        let account = world.technicalAccount.idStructureCPP
        if let supplier = parameters.fournisseur?.idFournisseur?.value, supplier != account {
            return refuse(
                .submitRefused("Le compte technique n'est pas rattache a la structure fournisseur \(supplier)."))
        }
        let attachments = (parameters.pieceJointePrincipale ?? []).compactMap { $0.pieceJointePrincipaleId?.value }
        if mode == "DEPOT_PDF_API", attachments.isEmpty || !attachments.allSatisfy(deposits.hasAttachment) {
            return refuse(.submitRefused("La piece jointe principale est absente ou inconnue."))
        }
        let supplierSiret = world.dataset.structure(id: account)?.siret ?? ""
        let routing = DepositedInvoice(
            number: number, supplierSiret: supplierSiret, buyerSiret: buyer,
            serviceCode: parameters.destinataire?.codeServiceExecutant,
            commitmentNumber: parameters.references?.numeroBonCommande)
        if let first = rejections(routing).first { return refuse(.submitRefused(first)) }
        let totals = parameters.montantTotal
        let date = now
        let made = deposits.submit(
            { id in
                PlatformInvoice(
                    identifiantFactureCPP: id, numeroFacture: number, numeroFluxDepot: nil, modeDepot: mode,
                    typeFacture: parameters.references?.typeFacture ?? "FACTURE", dateFacture: parameters.dateFacture,
                    depositedAt: date, supplierID: account,
                    buyerID: world.dataset.structure(siret: buyer)?.idStructureCPP, buyerSiret: buyer,
                    serviceCode: routing.serviceCode, commitmentNumber: routing.commitmentNumber,
                    montantHT: totals?.montantHtTotal, montantTTC: totals?.montantTtcTotal,
                    montantAPayer: totals?.montantAPayer ?? totals?.montantTtcTotal,
                    devise: parameters.references?.deviseFacture ?? "EUR",
                    lifecycle: PlatformInvoice.lifecycle(numeroFacture: number))
            }, key: "\(supplierSiret)/\(number)")
        guard let made else {
            return refuse(
                .submitRefused(
                    "Le numero de facture (balise : ID.value) existe deja dans la solution, pour le fournisseur"
                        + " renseigne."))
        }
        var answer = SubmitAnswer(code: .invoicesSuccess)
        answer.identifiantFactureCPP = made.identifiantFactureCPP
        answer.numeroFacture = made.numeroFacture
        answer.statutFacture = made.status(at: date).status.rawValue
        answer.dateDepot = ChorusDate.day(date)
        return WireAnswer.json(answer)
    }
}

extension ReturnCode {
    /// A submitted invoice the platform refuses, with the reason as its label (code and label form unverified).
    static func submitRefused(_ reason: String) -> ReturnCode { ReturnCode(codeRetour: 20005, libelle: reason) }
}

/// The criteria of an invoice search, read from the request (empty strings, as some clients send, mean "any").
struct InvoiceCriteria {
    var flow: String?
    var number: String?
    var depositedFrom: String?
    var depositedTo: String?
    var statuses: Set<String>
    var type: String?

    /// Nil when a date is not `yyyy-MM-dd`.
    init?(_ parameters: InvoiceSearchParameters) {
        func given(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        flow = given(parameters.numeroFluxDepot)
        number = given(parameters.numeroFacture)
        type = given(parameters.typeFacture)
        statuses = Set((parameters.statutCourant?.values ?? []).compactMap(given))
        depositedFrom = given(parameters.periodeDateDepotDu)
        depositedTo = given(parameters.periodeDateDepotAu)
        for day in [depositedFrom, depositedTo].compactMap({ $0 }) where !Self.isDay(day) { return nil }
    }

    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    func matches(_ invoice: PlatformInvoice, at date: Date) -> Bool {
        let day = ChorusDate.day(invoice.depositedAt)
        if let flow, invoice.numeroFluxDepot != flow { return false }
        if let number, invoice.numeroFacture != number { return false }
        if let type, invoice.typeFacture != type { return false }
        if let depositedFrom, day < depositedFrom { return false }
        if let depositedTo, day > depositedTo { return false }
        return statuses.isEmpty || statuses.contains(invoice.status(at: date).status.rawValue)
    }
}

/// A JSON value clients send either as one item or as a list of them.
struct OneOrMany<Item: Decodable>: Decodable {
    var values: [Item]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            values = []
        } else if let list = try? container.decode([Item].self) {
            values = list
        } else {
            values = [try container.decode(Item.self)]
        }
    }
}

/// An identifier clients send as a JSON number or as a string of digits.
struct LenientIdentifier: Decodable {
    var value: Int64

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = number
        } else if let number = Int64(try container.decode(String.self).trimmingCharacters(in: .whitespaces)) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an identifier")
        }
    }
}

struct InvoiceSearchParameters: Decodable {
    struct Pagination: Decodable {
        var nbResultatsParPage: Int?
        var pageResultatDemandee: Int?
    }

    /// The paging block, as antoine2116/go-choruspro and other clients name it.
    var rechercheFactureParFournisseur: Pagination?
    /// The paging block under the name the doctor's own probe uses.
    var pagination: Pagination?
    var numeroFluxDepot: String?
    var numeroFacture: String?
    var periodeDateDepotDu: String?
    var periodeDateDepotAu: String?
    var statutCourant: OneOrMany<String>?
    var typeFacture: String?
}

struct InvoiceSearchAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var listeFactures: [InvoiceSearchEntry]
    var parametresRetour: PageReturn
}

/// One `listeFactures` entry (names as antoine2116/go-choruspro `FactureParFournisseur` and cnfilms/chorus-api read them).
struct InvoiceSearchEntry: Encodable {
    var identifiantFactureCPP: Int64
    var numeroFacture: String
    var typeDemandePaiement: String
    var typeFacture: String
    var codeFournisseur: String
    var typeIdentifiantFournisseur: String
    var designationFournisseur: String
    var idDestinataire: Int64?
    var codeDestinataire: String
    var designationDestinataire: String?
    var dateFacture: String?
    var dateDepot: String
    var montantHT: Double?
    var montantTTC: Double?
    var montantAPayer: Double?
    var devise: String
    var statut: String
    var numeroFluxDepot: String?
    var modeDepot: String
    var dateHeureEtatCourant: String
    var rejetTraite: Bool
}

/// `ParametresRetour`: where a page sits in a result set.
struct PageReturn: Encodable {
    var nbResultatsParPage: Int
    var pageCourante: Int
    var pages: Int
    var total: Int
}

struct InvoiceReadParameters: Decodable {
    var identifiantFactureCPP: LenientIdentifier?
}

struct InvoiceReadAnswer: Encodable {
    struct Recipient: Encodable {
        var codeDestinataire: String
        var codeServiceExecutant: String?
    }

    struct Supplier: Encodable {
        var idFournisseur: Int64
    }

    struct Totals: Encodable {
        var montantHtTotal: Double?
        var montantTtcTotal: Double?
        var montantAPayer: Double?
    }

    struct Invoice: Encodable {
        var identifiantFactureCPP: Int64
        var numeroFacture: String
        var statutFacture: String
        var dateHeureEtatCourant: String
        var typeFacture: String
        var dateFacture: String?
        var dateDepot: String
        var modeDepot: String
        var numeroFluxDepot: String?
        var devise: String
        var destinataire: Recipient
        var fournisseur: Supplier
        var montantTotal: Totals
    }

    var codeRetour: Int
    var libelle: String
    var facture: Invoice?

    init(code: ReturnCode) {
        (codeRetour, libelle) = (code.codeRetour, code.libelle)
    }
}

/// The body of `factures/v1/soumettre`, the fields the simulator reads.
struct SubmittedInvoice: Decodable {
    struct Recipient: Decodable {
        var codeDestinataire: String?
        var codeServiceExecutant: String?
    }

    struct Supplier: Decodable {
        var idFournisseur: LenientIdentifier?
    }

    struct References: Decodable {
        var deviseFacture: String?
        var typeFacture: String?
        var numeroBonCommande: String?
    }

    struct Totals: Decodable {
        var montantHtTotal: Double?
        var montantTtcTotal: Double?
        var montantAPayer: Double?
    }

    struct MainAttachment: Decodable {
        var pieceJointePrincipaleId: LenientIdentifier?
    }

    var modeDepot: String?
    var numeroFactureSaisi: String?
    var dateFacture: String?
    var destinataire: Recipient?
    var fournisseur: Supplier?
    var references: References?
    var montantTotal: Totals?
    var pieceJointePrincipale: [MainAttachment]?
}

struct SubmitAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var identifiantFactureCPP: Int64?
    var numeroFacture: String?
    var statutFacture: String?
    var dateDepot: String?

    init(code: ReturnCode) {
        (codeRetour, libelle) = (code.codeRetour, code.libelle)
    }
}
