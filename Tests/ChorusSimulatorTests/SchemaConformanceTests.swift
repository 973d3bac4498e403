import Foundation
import Testing

@testable import ChorusSimulator

/// Every Structures answer, success or business error, validated against the official Swagger.
@Suite("Structures answers match the PISTE Swagger")
struct SchemaConformanceTests {
    /// Calls (path, body) covering found, not found, paging, sorting and unknown identifiers.
    static func calls(_ dataset: SimulatorDataset) -> [(String, String)] {
        let supplier = dataset.supplier
        let manyServices = dataset.structure(.recipientWithMandatoryService)!
        let engagement = manyServices.services.first { $0.requiresEngagementNumber }!
        let inactiveService = manyServices.services.first { !$0.isActive }!
        let search = "/cpro/structures/v1/rechercher"
        let read = "/cpro/structures/v1/consulter"
        let services = "/cpro/structures/v1/rechercher/services"
        let service = "/cpro/structures/v1/consulter/service"
        var calls: [(String, String)] = [
            (
                search,
                #"{"structure":{"identifiantStructure":"\#(supplier.siret)","typeIdentifiantStructure":"SIRET"}}"#
            ),
            (search, #"{"structure":{"identifiantStructure":"\#(SimulatorDataset.unknownSiret)"}}"#),
            (
                search,
                #"{"structure":{"typeStructure":"PUBLIQUE"},"parametres":{"nbResultatsParPage":3,"#
                    + #""pageResultatDemandee":2,"triColonne":"IdentifiantStructure","triSens":"Descendant"}}"#
            ),
            (search, #"{"structure":{"statutStructure":"INACTIF"}}"#),
            (search, #"{"parametres":{"pageResultatDemandee":99}}"#),
            (search, #"{"restreindreStructuresPrivees":true,"structure":{"raisonSocialeStructure":"fictif"}}"#),
            (search, "{}"),
            (read, #"{"idStructureCPP":999}"#),
            (read, "{}"),
            (services, #"{"idStructure":\#(supplier.idStructureCPP)}"#),
            (
                services,
                #"{"idStructure":\#(manyServices.idStructureCPP),"parametresRechercherServicesStructure":"#
                    + #"{"triColonne":"EstActif","triSens":"Descendant","nbResultatsParPage":100}}"#
            ),
            (
                services,
                #"{"idStructure":\#(manyServices.idStructureCPP),"parametresRechercherServicesStructure":"#
                    + #"{"pageResultatDemandee":4}}"#
            ),
            (service, #"{"idStructure":\#(manyServices.idStructureCPP),"idService":\#(engagement.idService)}"#),
            (service, #"{"idStructure":\#(manyServices.idStructureCPP),"idService":\#(inactiveService.idService)}"#),
            (service, #"{"idStructure":\#(supplier.idStructureCPP),"idService":\#(engagement.idService)}"#),
            (service, "{}"),
        ]
        for structure in dataset.structures {
            calls.append((read, #"{"idStructureCPP":\#(structure.idStructureCPP),"codeLangue":"fr"}"#))
            let pages = (structure.services.count + 9) / 10
            for page in 0...max(pages, 1) {
                calls.append(
                    (
                        services,
                        #"{"idStructure":\#(structure.idStructureCPP),"parametresRechercherServicesStructure":"#
                            + #"{"nbResultatsParPage":10,"pageResultatDemandee":\#(page)}}"#
                    ))
            }
            for entry in structure.services {
                calls.append(
                    (service, #"{"idStructure":\#(structure.idStructureCPP),"idService":\#(entry.idService)}"#))
            }
        }
        return calls
    }

    @Test(
        "answers validate against the 200 schema of their path",
        arguments: [Scenario.healthy, .technicalNotAttached, .structureInactive, .passwordExpiringSoon])
    func conformance(scenario: Scenario) async throws {
        let schema = try SwaggerSchema.structures()
        try await DemoClient.with(scenario) { client in
            let token = try await client.token()
            var codes: Set<Int> = []
            for (path, body) in Self.calls(client.simulator.dataset) {
                let reply = try await client.call(path, body: body, token: token)
                try #require(reply.status == 200, "\(path) \(body) answered \(reply.status)")
                #expect(reply.header("Content-Type") == "application/json;charset=utf-8")
                let document = try #require(reply.json, "\(path) \(body): not JSON")
                let target = try #require(schema.successSchema(path: schema.swaggerPath(forGatewayPath: path)))
                let failures = schema.failures(document, against: target)
                #expect(failures.isEmpty, "\(path) \(body): \(failures)")
                codes.insert(document["codeRetour"]?.int ?? -1)
            }
            #expect(codes.contains(0) && codes.contains(20000) && codes.count >= 3)
        }
    }

    @Test("the validator catches what it should")
    func validatorSelfCheck() throws {
        let schema = try SwaggerSchema.structures()
        let target = try #require(schema.successSchema(path: "/v1/rechercher"))
        func failures(_ text: String) -> [String] {
            schema.failures(JSONDocument.parse(Data(text.utf8))!, against: target)
        }
        #expect(failures(#"{"codeRetour":0,"libelle":"TRA_MSG_00.000"}"#).isEmpty)
        #expect(failures(#"{"libelle":"x"}"#).count == 1)
        #expect(failures(#"{"codeRetour":3000000000,"libelle":"x"}"#).count == 1)
        #expect(failures(#"{"codeRetour":1.5,"libelle":"x"}"#).count == 1)
        #expect(failures(#"{"codeRetour":0,"libelle":"x","extra":1}"#).count == 1)
        #expect(failures(#"{"codeRetour":0,"libelle":"x","listeStructures":[{"statut":"ACTIF"}]}"#).count == 1)
        #expect(failures(#"{"codeRetour":0,"libelle":"x","listeStructures":[{"idStructureCPP":true}]}"#).count == 1)
        #expect(SwaggerSchema.isDateTime("2025-03-01T10:15:00.000+01:00"))
        #expect(!SwaggerSchema.isDateTime("2025-03-01 10:15"))
    }
}
