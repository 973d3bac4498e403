import Foundation
import Hummingbird

/// Chorus Pro's Transverses and Factures operations.
extension SimulatedPlatform {
    func vatRates() -> Response {
        let rates = world.dataset.vatRates.map {
            VatRateEntry(codeTauxTva: $0.code, libelleTauxTva: $0.label, valeurTauxTva: $0.value)
        }
        return WireAnswer.json(VatRatesAnswer(code: .success, listeTauxTva: rates))
    }

    /// The active structures the technical account acts for, a page at a time (`pageCourante`, `pages`,
    /// `nbResultatsParPage`, `total` at the top level, as T1 models the answer). The request's page parameter is
    /// unverified: `pageResultatDemandee` at the top level or under `parametres` is read.
    func activeSupplierStructures(_ parameters: ActiveStructuresParameters) -> Response {
        let attached = world.technicalAccount.structures
        let structures = attached.compactMap { id in world.dataset.structures.first { $0.idStructureCPP == id } }
            .filter(\.isActive)
        guard !structures.isEmpty else { return WireAnswer.json(ActiveStructuresAnswer(code: .nothingFound)) }
        let size = world.behaviours.plays(.activeStructuresManyPages) ? 2 : 10
        let requested = parameters.pageResultatDemandee ?? parameters.parametres?.pageResultatDemandee
        guard let page = Page(of: structures, size: Int64(size), number: requested) else {
            return WireAnswer.json(ActiveStructuresAnswer(code: .nothingFound))
        }
        var answer = ActiveStructuresAnswer(
            code: .success,
            listeStructures: page.items.map {
                ActiveStructureEntry(
                    idStructureCPP: $0.idStructureCPP, identifiant: $0.siret, designationStructure: $0.designation)
            })
        answer.pageCourante = page.pageReturn.pageCourante
        answer.pages = page.pageReturn.pages
        answer.nbResultatsParPage = page.pageReturn.nbResultatsParPage
        answer.total = page.pageReturn.total
        return WireAnswer.json(answer)
    }

    /// The detailed report of a flow the account's structure deposited.
    func detailedFlowReport(_ parameters: DepositReportParameters) -> Response {
        let ownFlows = world.technicalAccount.idStructureCPP == world.dataset.supplier.idStructureCPP
        guard ownFlows, let number = parameters.numeroFluxDepot,
            let flow = world.dataset.flow(number) ?? deposits.flow(number)
        else {
            return WireAnswer.json(DepositReportAnswer(code: .unknownFlow))
        }
        var answer = DepositReportAnswer(code: .success)
        answer.numeroFluxDepot = flow.numeroFluxDepot
        answer.codeInterfaceDepotFlux = flow.interfaceCode
        answer.dateDepotFlux = ChorusDate.dateTime(flow.depositedAt)
        answer.nomFichier = flow.fileName
        let current = flow.state(at: now)
        answer.etatCourantDepotFlux = current.state.rawValue
        answer.dateHeureEtatCourantFlux = ChorusDate.dateTime(current.since)
        answer.listeErreurDP = flow.paymentRequestErrors.map {
            PaymentRequestErrorEntry(
                libelleErreurDP: $0.libelleErreurDP, numeroDP: $0.numeroDP,
                identifiantFournisseur: $0.identifiantFournisseur,
                identifiantDestinataire: $0.identifiantDestinataire, dateDP: $0.dateDP, montantTtcDP: $0.montantTtcDP
            )
        }
        answer.listeErreurTechnique = flow.technicalErrors.map {
            TechnicalErrorEntry(
                codeErreur: $0.codeErreur, libelleErreur: $0.libelleErreur, natureErreur: $0.natureErreur)
        }
        return WireAnswer.json(answer)
    }

    /// The report of a flow (`consulterCR`): its state, and the processing report as a PDF in base64.
    func flowReport(_ parameters: DepositReportParameters) -> Response {
        let ownFlows = world.technicalAccount.idStructureCPP == world.dataset.supplier.idStructureCPP
        guard ownFlows, let number = parameters.numeroFluxDepot,
            let flow = world.dataset.flow(number) ?? deposits.flow(number)
        else {
            return WireAnswer.json(ShortDepositReportAnswer(code: .unknownFlow))
        }
        let current = flow.state(at: now)
        var answer = ShortDepositReportAnswer(code: .success)
        answer.numeroFluxDepot = flow.numeroFluxDepot
        answer.codeInterfaceFlux = flow.interfaceCode
        answer.dateDepotFlux = ChorusDate.dateTime(flow.depositedAt)
        answer.nomFichierFlux = flow.fileName
        answer.etatCourantFlux = current.state.rawValue
        answer.dateHeureEtatCourantFlux = ChorusDate.dateTime(current.since)
        answer.designationPartenaire = world.dataset.supplier.designation
        answer.codeAppliPartenaire = world.application.name
        answer.fichierCR = DepositReportDocument.pdf(
            lines: [
                "Compte rendu de traitement du flux \(flow.numeroFluxDepot)",
                "Fichier : \(flow.fileName)", "Depose le : \(ChorusDate.dateTime(flow.depositedAt))",
                "Etat : \(current.state.rawValue)",
            ] + flow.paymentRequestErrors.map { "\($0.numeroDP) : \($0.libelleErreurDP)" }
                + flow.technicalErrors.map { "\($0.codeErreur) : \($0.libelleErreur)" }
        ).base64EncodedString()
        return WireAnswer.json(answer)
    }
}

struct VatRatesAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var listeTauxTva: [VatRateEntry]

    init(code: ReturnCode, listeTauxTva: [VatRateEntry]) {
        (codeRetour, libelle, self.listeTauxTva) = (code.codeRetour, code.libelle, listeTauxTva)
    }
}

struct VatRateEntry: Encodable {
    var codeTauxTva: String
    var libelleTauxTva: String
    var valeurTauxTva: Double
}

struct ActiveStructuresParameters: Decodable {
    struct Paging: Decodable {
        var pageResultatDemandee: Int64?
    }

    var pageResultatDemandee: Int64?
    var parametres: Paging?
}

struct ActiveStructuresAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var pageCourante: Int?
    var pages: Int?
    var nbResultatsParPage: Int?
    var total: Int?
    var listeStructures: [ActiveStructureEntry]?

    init(code: ReturnCode, listeStructures: [ActiveStructureEntry]? = nil) {
        (codeRetour, libelle, self.listeStructures) = (code.codeRetour, code.libelle, listeStructures)
    }
}

struct ActiveStructureEntry: Encodable {
    var idStructureCPP: Int64
    var identifiant: String
    var designationStructure: String
}

struct DepositReportParameters: Decodable {
    var numeroFluxDepot: String?
}

struct DepositReportAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var numeroFluxDepot: String?
    var codeInterfaceDepotFlux: String?
    var dateDepotFlux: String?
    var nomFichier: String?
    var etatCourantDepotFlux: String?
    var dateHeureEtatCourantFlux: String?
    var listeErreurDP: [PaymentRequestErrorEntry]?
    var listeErreurTechnique: [TechnicalErrorEntry]?

    init(code: ReturnCode) {
        (codeRetour, libelle) = (code.codeRetour, code.libelle)
    }
}

struct PaymentRequestErrorEntry: Encodable {
    var libelleErreurDP: String
    var numeroDP: String
    var identifiantFournisseur: String
    var identifiantDestinataire: String
    var dateDP: String?
    var montantTtcDP: Double?
}

struct TechnicalErrorEntry: Encodable {
    var codeErreur: String
    var libelleErreur: String
    var natureErreur: String?
}

/// `consulterCR`'s answer (field names as cnfilms/chorus-api `ConsulterCrResponse` reads them).
struct ShortDepositReportAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var numeroFluxDepot: String?
    var codeInterfaceFlux: String?
    var dateDepotFlux: String?
    var nomFichierFlux: String?
    var etatCourantFlux: String?
    var dateHeureEtatCourantFlux: String?
    var designationPartenaire: String?
    var codeAppliPartenaire: String?
    var fichierCR: String?

    init(code: ReturnCode) {
        (codeRetour, libelle) = (code.codeRetour, code.libelle)
    }
}
