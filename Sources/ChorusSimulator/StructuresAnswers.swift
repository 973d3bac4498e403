import Foundation
import Hummingbird

/// Chorus Pro's Structures operations over the dataset.
extension SimulatedPlatform {
    static let defaultPageSize: Int64 = 10

    func searchStructures(_ parameters: StructureSearchParameters) -> Response {
        let criteria = parameters.structure
        // Specification quoted by P: absent or true, only public structures and the private ones attached to the
        // user come back; false returns all of them.
        let attached = Set(world.technicalAccount.structures)
        let everything = parameters.restreindreStructuresPrivees == false
        var found = world.dataset.structures.filter { structure in
            Self.matches(structure, criteria)
                && (everything || structure.isPublic || attached.contains(structure.idStructureCPP))
        }
        let column = parameters.parametres?.triColonne
        func precedes(_ first: DatasetStructure, _ second: DatasetStructure) -> Bool {
            switch column {
            case .identifier?: first.siret < second.siret
            case .status?: first.statut < second.statut
            case .identifierType?, .designation?, nil: first.designation < second.designation
            }
        }
        let descending = parameters.parametres?.triSens == .descending
        found.sort { descending ? precedes($1, $0) : precedes($0, $1) }
        guard
            let page = Page(
                of: found, size: parameters.parametres?.nbResultatsParPage,
                number: parameters.parametres?.pageResultatDemandee)
        else {
            return WireAnswer.json(StructureSearchAnswer(codeRetour: 20000, libelle: ReturnCode.nothingFound.libelle))
        }
        let summaries = page.items.map {
            StructureSummary(
                designationStructure: $0.designation, idStructureCPP: $0.idStructureCPP, identifiantStructure: $0.siret,
                statut: $0.statut, typeIdentifiantStructure: .siret
            )
        }
        let code = ReturnCode.success
        return WireAnswer.json(
            StructureSearchAnswer(
                codeRetour: code.codeRetour, libelle: code.libelle, listeStructures: summaries,
                parametresRetour: page.pageReturn
            )
        )
    }

    private static func matches(_ structure: DatasetStructure, _ criteria: StructureSearchParameters.Criteria?) -> Bool
    {
        guard let criteria else { return true }
        func contains(_ text: String?) -> Bool {
            guard let text, !text.isEmpty else { return true }
            return structure.designation.localizedCaseInsensitiveContains(text)
        }
        if let identifier = criteria.identifiantStructure, !identifier.isEmpty, identifier != structure.siret {
            return false
        }
        if let type = criteria.typeIdentifiantStructure, type != .siret { return false }
        if let status = criteria.statutStructure, (status == .active) != structure.isActive { return false }
        if let kind = criteria.typeStructure, (kind == .publique) != structure.isPublic { return false }
        if criteria.estMOA == true, !structure.parameters.getaMoa { return false }
        if criteria.estMOAUniquement == true, !structure.parameters.estMoaUniquement { return false }
        if let postcode = criteria.adresseCodePostal, !postcode.isEmpty, postcode != structure.address.codePostal {
            return false
        }
        if let town = criteria.adresseVille, !town.isEmpty, town.uppercased() != structure.address.ville {
            return false
        }
        if let country = criteria.adresseCodePays, !country.isEmpty, country.uppercased() != structure.address.pays {
            return false
        }
        return contains(criteria.raisonSocialeStructure) && contains(criteria.libelleStructure)
            && contains(criteria.nomStructure)
    }

    func readStructure(_ parameters: StructureReadParameters) -> Response {
        guard let id = parameters.idStructureCPP, let structure = world.dataset.structure(id: id) else {
            let code = ReturnCode.unknownIdentifier
            return WireAnswer.json(StructureReadAnswer(codeRetour: code.codeRetour, libelle: code.libelle))
        }
        let ownStructure = structure.idStructureCPP == world.technicalAccount.idStructureCPP
        let information = StructureInformation(
            dateExpirationMotPasseCompteTech: ownStructure
                ? ChorusDate.dateTime(world.technicalAccount.passwordExpiry) : nil,
            emailStructure: structure.email, estValideurDeleguee: false, idStructureCPP: structure.idStructureCPP,
            identifiantStructure: structure.siret, libelleStructure: structure.designation,
            numeroTVA: structure.vatNumber, raisonSocialeStructure: structure.designation,
            structurePriveePublique: structure.kind, typeIdentifiantStructure: .siret
        )
        let rules = structure.parameters
        var parameters = StructureParameterEntry(
            codeServiceDoitEtreRenseigne: rules.codeServiceDoitEtreRenseigne, connexionEDI: rules.connexionEDI,
            estMoaUniquement: rules.estMoaUniquement, estValideurDelegue: false,
            gestionNumeroEJOuCodeService: rules.gestionNumeroEJOuCodeService, getaMoa: rules.getaMoa,
            nonDiffusibleInsee: false, numeroEJDoitEtreRenseigne: rules.numeroEJDoitEtreRenseigne,
            recevoirDonneesViaEDI: rules.recevoirDonneesViaEDI,
            statutMiseEnPaiementNestPasRemonte: rules.statutMiseEnPaiementNestPasRemonte
        )
        if world.behaviours.plays(.moaFieldShort) { (parameters.getaMoa, parameters.aMoa) = (nil, rules.getaMoa) }
        let code = ReturnCode.success
        return WireAnswer.json(
            StructureReadAnswer(
                codeRetour: code.codeRetour, libelle: code.libelle,
                adressePostaleDuSiege: Self.entry(structure.address),
                informationGenerales: information, parametres: parameters
            )
        )
    }

    func searchServices(_ parameters: ServiceSearchParameters) -> Response {
        let paging = parameters.parametresRechercherServicesStructure
        var services = parameters.idStructure.flatMap { world.dataset.structure(id: $0) }?.services ?? []
        let column = paging?.triColonne
        func precedes(_ first: DatasetService, _ second: DatasetService) -> Bool {
            switch column {
            case .label?: first.libelleService < second.libelleService
            case .start?: first.validFrom < second.validFrom
            case .end?: (first.validUntil ?? .distantFuture) < (second.validUntil ?? .distantFuture)
            case .active?: first.isActive && !second.isActive
            case .code?, nil: first.codeService < second.codeService
            }
        }
        let descending = paging?.triSens == .descending
        services.sort { descending ? precedes($1, $0) : precedes($0, $1) }
        guard let page = Page(of: services, size: paging?.nbResultatsParPage, number: paging?.pageResultatDemandee)
        else {
            return WireAnswer.json(ServiceSearchAnswer(codeRetour: 20000, libelle: ReturnCode.nothingFound.libelle))
        }
        let summaries = page.items.map {
            ServiceSummary(
                codeService: $0.codeService, estActif: $0.isActive, idService: $0.idService,
                libelleService: $0.libelleService, statutService: $0.isActive ? "ACTIF" : "INACTIF"
            )
        }
        let code = ReturnCode.success
        return WireAnswer.json(
            ServiceSearchAnswer(
                codeRetour: code.codeRetour, libelle: code.libelle, listeServices: summaries,
                parametresRetour: page.pageReturn
            )
        )
    }

    func readService(_ parameters: ServiceReadParameters) -> Response {
        guard let structureID = parameters.idStructure, let structure = world.dataset.structure(id: structureID),
            let service = structure.services.first(where: { $0.idService == parameters.idService })
        else {
            let code = ReturnCode.unknownIdentifier
            return WireAnswer.json(ServiceReadAnswer(codeRetour: code.codeRetour, libelle: code.libelle))
        }
        let code = ReturnCode.success
        return WireAnswer.json(
            ServiceReadAnswer(
                codeRetour: code.codeRetour, libelle: code.libelle, adressePostale: Self.entry(structure.address),
                informationsGenerales: ServiceInformation(
                    codeService: service.codeService, descriptionService: service.libelleService,
                    nomService: service.libelleService
                ),
                parametres: ServiceParameterEntry(
                    dateCreation: ChorusDate.dateTime(service.createdAt),
                    dateDebutValidite: ChorusDate.dateTime(service.validFrom),
                    dateFinValidite: service.validUntil.map(ChorusDate.dateTime), miseEnPaiement: false,
                    numeroEngagement: service.requiresEngagementNumber
                )
            )
        )
    }

    private static func entry(_ address: PostalAddress) -> AddressEntry {
        AddressEntry(adresse: address.adresse, codePostal: address.codePostal, pays: address.pays, ville: address.ville)
    }
}

/// One page of a result set; nil when the page holds nothing.
struct Page<Item> {
    var items: ArraySlice<Item>
    var pageReturn: PageReturn

    init?(of all: [Item], size: Int64?, number: Int64?) {
        let size = Int(min(max(size ?? SimulatedPlatform.defaultPageSize, 1), 1000))
        let number = Int(min(max(number ?? 1, 1), Int64(Int32.max)))
        let pages = (all.count + size - 1) / size
        guard number <= pages else { return nil }
        let start = (number - 1) * size
        items = all[start..<min(start + size, all.count)]
        pageReturn = PageReturn(nbResultatsParPage: size, pageCourante: number, pages: pages, total: all.count)
    }
}
