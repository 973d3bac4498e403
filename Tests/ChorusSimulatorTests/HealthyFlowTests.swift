import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusSimulator

@Suite("Healthy flow over loopback")
struct HealthyFlowTests {
    @Test("token, health check, referentials, structures, services and invoices all succeed")
    func fullWalk() async throws {
        // Time stands still in the simulator's world: the flow deposited as it starts stays unprocessed.
        try await DemoClient.with(.healthy, time: VirtualTime(start: Date())) { client in
            var replies: [Reply] = []

            let tokenReply = try await client.requestToken()
            replies.append(tokenReply)
            #expect(tokenReply.status == 200)
            #expect(tokenReply.header("Content-Type") == "application/json;charset=utf-8")
            #expect(tokenReply.json?["token_type"]?.string == "Bearer")
            #expect(tokenReply.json?["expires_in"]?.int == 3600)
            #expect(tokenReply.json?["scope"]?.string == "openid")
            let token = try #require(tokenReply.json?["access_token"]?.string)
            #expect(token.count >= 32)

            // Every independent client sends the technical account to the health check (platform-evidence.md §1);
            // the body is the live sandbox's (§6).
            let health = try await client.call(
                "/cpro/transverses/v1/health-check", body: nil, token: token,
                withAccount: true, method: "GET")
            replies.append(health)
            #expect(health.status == 200)
            #expect(health.json?["statusCodeValue"]?.int == 200)
            #expect(health.json?["statusCode"]?.string == "OK")
            #expect(health.json?["body"]?.string == "L'API CPRO est actuellement disponible et fonctionnel.")

            let rates = try await client.call("/cpro/transverses/v1/recuperer/tauxtva", token: token)
            replies.append(rates)
            #expect(rates.status == 200)
            #expect(rates.json?["codeRetour"]?.int == 0)
            #expect(rates.json?["libelle"]?.string == "TRA_MSG_00.000")
            #expect(rates.json?["listeTauxTva"]?[0]?["codeTauxTva"]?.string == "TVA20")
            #expect(rates.json?["listeTauxTva"]?[0]?["valeurTauxTva"]?.double == 20)

            let actives = try await client.call(
                "/cpro/transverses/v1/recuperer/structures/actives/fournisseur", token: token)
            replies.append(actives)
            #expect(actives.json?["codeRetour"]?.int == 0)
            #expect(actives.json?["listeStructures"]?[0]?["identifiant"]?.string == client.credentials.siret)

            let search = try await client.call(
                "/cpro/structures/v1/rechercher",
                body: #"{"structure":{"identifiantStructure":"\#(client.credentials.siret)","#
                    + #""typeIdentifiantStructure":"SIRET"}}"#,
                token: token
            )
            replies.append(search)
            #expect(search.json?["codeRetour"]?.int == 0)
            let id = try #require(search.json?["listeStructures"]?[0]?["idStructureCPP"]?.int)
            #expect(search.json?["listeStructures"]?[0]?["statut"]?.string == "ACTIVE")

            let read = try await client.call(
                "/cpro/structures/v1/consulter", body: #"{"idStructureCPP":\#(id),"codeLangue":"fr"}"#, token: token
            )
            replies.append(read)
            #expect(read.json?["codeRetour"]?.int == 0)
            let expiry = try #require(read.json?["informationGenerales"]?["dateExpirationMotPasseCompteTech"]?.string)
            #expect(SwaggerSchema.isDateTime(expiry))

            let recipient = try #require(client.simulator.dataset.structure(.recipientWithMandatoryService))
            var services: [JSONDocument] = []
            var page = 1
            var pages = 1
            repeat {
                let reply = try await client.call(
                    "/cpro/structures/v1/rechercher/services",
                    body: #"{"idStructure":\#(recipient.idStructureCPP),"parametresRechercherServicesStructure":"#
                        + #"{"nbResultatsParPage":10,"pageResultatDemandee":\#(page)}}"#,
                    token: token
                )
                replies.append(reply)
                #expect(reply.json?["codeRetour"]?.int == 0)
                #expect(reply.json?["parametresRetour"]?["pageCourante"]?.int == page)
                pages = reply.json?["parametresRetour"]?["pages"]?.int ?? 0
                services += reply.json?["listeServices"]?.array ?? []
                page += 1
            } while page <= pages
            #expect(pages > 2)
            #expect(services.count == recipient.services.count)
            #expect(services.contains { $0["estActif"]?.bool == false })

            let withEngagement = try #require(recipient.services.first { $0.requiresEngagementNumber })
            let service = try await client.call(
                "/cpro/structures/v1/consulter/service",
                body: #"{"idStructure":\#(recipient.idStructureCPP),"idService":\#(withEngagement.idService)}"#,
                token: token
            )
            replies.append(service)
            #expect(service.json?["codeRetour"]?.int == 0)
            #expect(service.json?["parametres"]?["numeroEngagement"]?.bool == true)
            #expect(service.json?["informationsGenerales"]?["codeService"]?.string == withEngagement.codeService)

            let invoices = try await client.call("/cpro/factures/v1/rechercher/fournisseur", token: token)
            replies.append(invoices)
            #expect(invoices.status == 200)
            #expect(invoices.json?["codeRetour"]?.int == 0)
            #expect(invoices.json?["libelle"]?.string == "GCU_MSG_01_000")
            // The dataset's integrated flows hold invoices; the flow deposited as the simulator starts not yet.
            let numbers = invoices.json?["listeFactures"]?.array?.compactMap { $0["numeroFacture"]?.string }
            #expect(numbers == ["F-DEMO-0106", "F-DEMO-0100"])

            for reply in replies {
                #expect(BareAnswer.telltalesIn(reply).isEmpty)
                if reply.status == 200 { #expect(reply.header("Content-Type") == "application/json;charset=utf-8") }
            }
        }
    }

    @Test(
        "flow reports show each state, with errors where the flow has them",
        arguments: [
            (SimulatorDataset.DepositNumber.integrated, "IN_INTEGRE", 0, 0),
            (SimulatorDataset.DepositNumber.rejected, "IN_REJETE", 2, 0),
            (SimulatorDataset.DepositNumber.incident, "IN_INCIDENTE", 0, 1),
            (SimulatorDataset.DepositNumber.partiallyIntegrated, "IN_INTEGRE_PARTIEL", 1, 0),
            (SimulatorDataset.DepositNumber.processing, "IN_EN_COURS_TRAITEMENT_CPP", 0, 0),
        ])
    func flowReports(number: String, state: String, paymentRequestErrors: Int, technicalErrors: Int) async throws {
        try await DemoClient.with(.healthy) { client in
            let token = try await client.token()
            let reply = try await client.call(
                "/cpro/transverses/v1/consulterCRDetaille", body: #"{"numeroFluxDepot":"\#(number)"}"#, token: token
            )
            #expect(reply.status == 200)
            #expect(reply.json?["codeRetour"]?.int == 0)
            #expect(reply.json?["numeroFluxDepot"]?.string == number)
            #expect(reply.json?["etatCourantDepotFlux"]?.string == state)
            #expect(SwaggerSchema.isDateTime(reply.json?["dateHeureEtatCourantFlux"]?.string ?? ""))
            #expect(reply.json?["listeErreurDP"]?.array?.count == paymentRequestErrors)
            #expect(reply.json?["listeErreurTechnique"]?.array?.count == technicalErrors)
            for error in reply.json?["listeErreurDP"]?.array ?? [] {
                #expect(error["identifiantFournisseur"]?.string == client.credentials.siret)
                #expect(error["libelleErreurDP"]?.string?.isEmpty == false)
            }
            #expect(BareAnswer.telltalesIn(reply).isEmpty)
        }
    }

    @Test("an unknown flow number is 20001 POQ_MSG_01.003 (Flux introuvable), not an HTTP error")
    func unknownFlow() async throws {
        try await DemoClient.with(.healthy) { client in
            let token = try await client.token()
            let reply = try await client.call(
                "/cpro/transverses/v1/consulterCRDetaille", body: #"{"numeroFluxDepot":"CPP0000000000000000000000"}"#,
                token: token
            )
            #expect(reply.status == 200)
            #expect(reply.json?["codeRetour"]?.int == 20001)
            #expect(reply.json?["libelle"]?.string == "POQ_MSG_01.003 - Flux introuvable.")
        }
    }
}
