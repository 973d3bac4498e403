import Foundation

/// The qualification data the simulator serves: a generated "Structures and users" dataset, with the flows of a
/// later "Payment requests" round. Every name is fictitious; every SIRET passes the Luhn check.
public struct SimulatorDataset: Sendable, Equatable {
    /// Every structure, the supplier first.
    public var structures: [DatasetStructure]
    /// One main manager per structure.
    public var users: [DatasetUser]
    /// Flows deposited by the supplier, one per interesting state.
    public var flows: [DepositFlow]
    /// The invoices the integrated flows put on the platform.
    public var invoices: [PlatformInvoice]
    /// The `recuperer/tauxtva` referential.
    public var vatRates: [VatRate]

    /// A dataset from its parts (tests that need another one than `qualification(now:)`).
    public init(
        structures: [DatasetStructure], users: [DatasetUser], flows: [DepositFlow], vatRates: [VatRate],
        invoices: [PlatformInvoice] = []
    ) {
        self.invoices = invoices
        self.structures = structures
        self.users = users
        self.flows = flows
        self.vatRates = vatRates
    }

    /// The company the demo profile invoices as (entity "Fournisseur").
    public var supplier: DatasetStructure { structure(.supplier)! }

    /// The first structure of an entity.
    public func structure(_ entity: DatasetStructure.Entity) -> DatasetStructure? {
        structures.first { $0.entity == entity }
    }

    /// The structure with this `idStructureCPP`.
    public func structure(id: Int64) -> DatasetStructure? {
        structures.first { $0.idStructureCPP == id }
    }

    /// The structure with this SIRET.
    public func structure(siret: String) -> DatasetStructure? {
        structures.first { $0.siret == siret }
    }

    public func flow(_ numeroFluxDepot: String) -> DepositFlow? {
        flows.first { $0.numeroFluxDepot == numeroFluxDepot }
    }

    /// The first user of a structure (its main manager).
    public func mainUser(of idStructureCPP: Int64) -> DatasetUser? {
        users.first { $0.idStructureCPP == idStructureCPP }
    }

    /// Replaces a structure, matched by `idStructureCPP`.
    mutating func update(_ idStructureCPP: Int64, _ change: (inout DatasetStructure) -> Void) {
        guard let index = structures.firstIndex(where: { $0.idStructureCPP == idStructureCPP }) else { return }
        change(&structures[index])
    }
}

extension SimulatorDataset {
    /// A Luhn-valid SIRET that no structure of the qualification dataset carries.
    public static let unknownSiret = "97601895200011"

    /// The dataset a fresh qualification account would generate, dated around `now`.
    public static func qualification(now: Date) -> SimulatorDataset {
        let day: TimeInterval = 86_400
        let created = now.addingTimeInterval(-400 * day)
        func address(_ street: String, _ postcode: String, _ town: String) -> PostalAddress {
            PostalAddress(adresse: street, codePostal: postcode, ville: town)
        }
        func make(
            _ entity: DatasetStructure.Entity, _ id: Int64, _ siret: String, _ name: String, isPublic: Bool,
            _ parameters: StructureParameters = .init(), services: [DatasetService] = [], active: Bool = true
        ) -> DatasetStructure {
            DatasetStructure(
                entity: entity, idStructureCPP: id, siret: siret, designation: name, isActive: active,
                isPublic: isPublic, vatNumber: isPublic ? nil : Self.vatNumber(siret: siret),
                email: "structure.\(id)@qualif-demo.example.test",
                address: address("\(id % 90 + 1) rue de l'Exemple", "750\(id % 2 + 1)\(id % 10)", "PARIS"),
                parameters: parameters, services: services
            )
        }
        let structures = [
            make(.supplier, 26_311_345, "95260181300019", "ATELIERS FICTIFS DEMO SAS", isPublic: false),
            make(.validator, 26_311_346, "95908301500013", "VALIDEUR FICTIF DEMO", isPublic: false),
            make(
                .recipient, 26_311_347, "96613186400011", "COMMUNE FICTIVE DE DEMOVILLE", isPublic: true,
                services: Self.services(base: 10_471_100, codes: ["ACHATS", "TECHNIQUE"], created: created)
            ),
            make(
                .recipient2, 26_311_348, "90913909900016", "CENTRE HOSPITALIER FICTIF DEMO", isPublic: true,
                services: Self.services(base: 10_471_200, codes: ["PHARMACIE", "LOGISTIQUE"], created: created)
            ),
            make(
                .recipientState, 26_311_349, "99603082100010", "MINISTERE FICTIF DE LA DEMONSTRATION", isPublic: true,
                StructureParameters(numeroEJDoitEtreRenseigne: true)
            ),
            make(
                .recipientWithMandatoryService, 26_311_350, "94628194600016", "DEPARTEMENT FICTIF AVEC SERVICE",
                isPublic: true, StructureParameters(codeServiceDoitEtreRenseigne: true),
                services: Self.manyServices(base: 10_471_300, created: created)
            ),
            make(
                .recipientWithMandatoryEJ, 26_311_351, "98219935800010", "REGION FICTIVE AVEC ENGAGEMENT",
                isPublic: true, StructureParameters(numeroEJDoitEtreRenseigne: true),
                services: Self.services(base: 10_471_400, codes: ["DIRECTION"], created: created)
            ),
            make(
                .recipientWithMandatoryEJOrService, 26_311_352, "91819093500018", "SYNDICAT FICTIF EJ OU SERVICE",
                isPublic: true, StructureParameters(gestionNumeroEJOuCodeService: true),
                services: Self.services(base: 10_471_500, codes: ["EAU", "VOIRIE", "ECLAIRAGE"], created: created)
            ),
            make(
                .recipientWithoutParameter, 26_311_353, "97865797100013", "ETABLISSEMENT PUBLIC FICTIF SANS PARAMETRE",
                isPublic: true
            ),
            make(
                .moa, 26_311_354, "95432319200011", "MAITRISE D'OUVRAGE FICTIVE DEMO", isPublic: true,
                StructureParameters(getaMoa: true)
            ),
            make(.moe, 26_311_355, "94875749700011", "BUREAU D'ETUDES FICTIF DEMO", isPublic: false),
            make(.inactive, 26_311_356, "91186252200016", "ANCIENNE REGIE FICTIVE", isPublic: true, active: false),
        ]
        let users = structures.map { structure in
            DatasetUser(
                login: "gp.\(structure.idStructureCPP)@cpp2017.fr", firstName: "Camille",
                lastName: "Demo \(structure.entity.rawValue)", role: "Gestionnaire principal",
                idStructureCPP: structure.idStructureCPP
            )
        }
        return SimulatorDataset(
            structures: structures, users: users, flows: Self.flows(structures: structures, now: now),
            vatRates: [
                VatRate(code: "TVA20", label: "20 %", value: 20), VatRate(code: "TVA10", label: "10 %", value: 10),
                VatRate(code: "TVA55", label: "5,5 %", value: 5.5), VatRate(code: "TVA21", label: "2,1 %", value: 2.1),
                VatRate(code: "TVA0", label: "0 %", value: 0),
            ],
            invoices: Self.invoices(structures: structures, now: now)
        )
    }

    /// The French intra-community VAT number derived from a SIREN: FR + key + SIREN.
    static func vatNumber(siret: String) -> String {
        let siren = String(siret.prefix(9))
        let key = (12 + 3 * (Int(siren)! % 97)) % 97
        return "FR" + String(format: "%02d", key) + siren
    }
}
