import ChorusTestSupport
import ChorusTransport
import Foundation

@testable import ChorusDoctorKit

extension ScriptedTransport {
    /// The healthy platform, for SIRET 73282932000074.
    static let healthy: [String: Answer] = [
        "/api/oauth/token": .json(
            200, #"{"access_token":"tok-SECRET-123","token_type":"Bearer","expires_in":3600,"scope":"openid"}"#),
        "/cpro/transverses/v1/health-check": .json(200, #"{"statusCode":"200"}"#),
        "/cpro/transverses/v1/recuperer/structures/actives/fournisseur": .json(
            200,
            #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","listeStructures":[{"idStructureCPP":26017724,"identifiant":"73282932000074","designationStructure":"ACME"}]}"#
        ),
        "/cpro/transverses/v1/recuperer/tauxtva": .json(
            200, #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","listeTauxTva":[]}"#),
        "/cpro/structures/v1/rechercher": .json(
            200,
            #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","listeStructures":[{"idStructureCPP":26017724,"identifiantStructure":"73282932000074","designationStructure":"ACME","statut":"ACTIVE","typeIdentifiantStructure":"SIRET"}]}"#
        ),
        "/cpro/factures/v1/rechercher/fournisseur": .json(
            200, #"{"codeRetour":0,"libelle":"GCU_MSG_01_000","listeFactures":[]}"#),
        "/cpro/structures/v1/consulter": .json(
            200,
            #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","informationGenerales":{"idStructureCPP":26017724,"dateExpirationMotPasseCompteTech":"2027-06-30T00:00:00.000+02:00"},"parametres":{"codeServiceDoitEtreRenseigne":false,"numeroEJDoitEtreRenseigne":true}}"#
        ),
    ]
}

/// A complete profile with planted secrets.
enum Fixture {
    static let clientSecret = "s3cr3t-Ω\"quoted\"+/=\\x"
    static let password = "P@ss word/é:42"

    static func document() -> ProfileDocument {
        var document = ProfileDocument()
        document.environment = "sandbox"
        document.clientID = "739d71f6-9427-4021-bec2-fd73255afa33"
        document.clientSecret = clientSecret
        document.technicalLogin = "TECH_1_00000000012345@cpp2017.fr"
        document.technicalPassword = password
        document.siret = "73282932000074"
        document.technicalPasswordExpiry = "2027-06-30"
        return document
    }

    static func profile(_ change: (inout ProfileDocument) -> Void = { _ in }) -> ResolvedProfile {
        var document = document()
        change(&document)
        return ProfileResolver(environment: [:]).resolve(name: "test", document: document, filePath: nil)
    }

    static let now = CalendarDay.parse("2026-11-22")!

    static func run(
        _ script: [String: ScriptedTransport.Answer], profile: ResolvedProfile = profile(), language: Language = .en
    ) async throws -> CheckReport {
        try await run(ScriptedTransport(script), profile: profile, language: language)
    }

    static func run(
        _ transport: any HTTPTransport, profile: ResolvedProfile = profile(), language: Language = .en
    ) async throws -> CheckReport {
        let runner = StageEngine(
            profile: profile, transport: transport, rules: ChecklistLibrary.embedded.rules,
            strings: Strings(language: language), clock: VirtualTime(start: now), environment: [:],
            redactor: Redactor(),
            timeout: .seconds(2))
        return await runner.run()
    }
}

extension VirtualTime {
    /// Virtual time starting at the fixtures' date.
    convenience init(frames: Int? = nil) { self.init(start: Fixture.now, frames: frames) }
}
