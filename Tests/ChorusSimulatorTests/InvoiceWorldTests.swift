import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusSimulator

/// The invoice side of the simulated platform: deposits become invoices that searches find, and whose status moves.
@Suite struct InvoiceWorldTests {
    /// Polls `body` every 250 ms until it returns a value, at most `seconds`. With `time` (the simulator's virtual
    /// time), each step moves that time on by 250 ms instead of waiting: the world is seen at the same moments
    /// however loaded the machine is.
    static func eventually<Value>(
        within seconds: Double = 15, time: VirtualTime? = nil, _ body: () async throws -> Value?
    ) async throws -> Value? {
        guard let time else {
            return try await Poll.first(every: .milliseconds(250), limit: .milliseconds(Int64(seconds * 1000)), body)
        }
        for _ in 0..<Int(seconds * 4) {
            if let value = try await body() { return value }
            time.advance(by: .milliseconds(250))
        }
        return try await body()
    }

    static func deposit(_ client: DemoClient, token: String, number: String) async throws -> String {
        let dataset = client.simulator.dataset
        let buyer = try #require(dataset.structure(.recipientWithoutParameter)).siret
        let xml = SampleInvoice.cii(number: number, supplier: dataset.supplier.siret, buyer: buyer)
        let reply = try await client.call(
            "/cpro/factures/v1/deposer/flux", body: SampleInvoice.depositBody(xml), token: token)
        #expect(reply.status == 200)
        return try #require(reply.json?["numeroFluxDepot"]?.string)
    }

    static func search(_ client: DemoClient, token: String, _ criteria: String) async throws -> [JSONDocument] {
        let reply = try await client.call("/cpro/factures/v1/rechercher/fournisseur", body: criteria, token: token)
        #expect(reply.status == 200)
        #expect(reply.json?["codeRetour"]?.int == 0)
        return reply.json?["listeFactures"]?.array ?? []
    }

    @Test("a deposited flow becomes an invoice found by flow number, read by its id, its status moving over time")
    func depositToInvoice() async throws {
        // The world moves only when the test says (each poll a quarter of a second of the simulator's time).
        let time = VirtualTime(start: Date())
        try await DemoClient.with(.healthy, time: time) { client in
            let token = try await client.token()
            let flow = try await Self.deposit(client, token: token, number: "F-WORLD-001")
            let rejected = try await Self.deposit(client, token: token, number: "F-WORLD-REJET-002")
            let suspended = try await Self.deposit(client, token: token, number: "F-WORLD-SUSPEND-003")
            // Before its processing ends, the flow holds no invoice.
            #expect(try await Self.search(client, token: token, #"{"numeroFluxDepot":"\#(flow)"}"#).isEmpty)
            let found = try await Self.eventually(time: time) {
                try await Self.search(client, token: token, #"{"numeroFluxDepot":"\#(flow)"}"#).first
            }
            let invoice = try #require(found)
            #expect(invoice["numeroFacture"]?.string == "F-WORLD-001")
            #expect(invoice["numeroFluxDepot"]?.string == flow)
            #expect(
                invoice["codeDestinataire"]?.string
                    == client.simulator.dataset.structure(.recipientWithoutParameter)?.siret
            )
            #expect(invoice["montantTTC"]?.int == 120)
            #expect(invoice["dateFacture"]?.string == "2026-03-01")
            let early = try #require(invoice["statut"]?.string)
            #expect(["DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION"].contains(early))
            let id = try #require(invoice["identifiantFactureCPP"]?.int)
            func status(_ id: Int) async throws -> String? {
                let reply = try await client.call(
                    "/cpro/factures/v1/consulter/fournisseur", body: #"{"identifiantFactureCPP":\#(id)}"#, token: token)
                return reply.json?["facture"]?["statutFacture"]?.string
            }
            let paid = try await Self.eventually(within: 20, time: time) {
                try await status(id) == "MISE_EN_PAIEMENT" ? true : nil
            }
            #expect(paid == true, "the invoice's status never reached MISE_EN_PAIEMENT")
            // The hooks in the invoice number: the buyer rejects or suspends.
            let byNumber = { (number: String) in
                try await Self.search(client, token: token, #"{"numeroFacture":"\#(number)"}"#).first?["statut"]?.string
            }
            #expect(try await byNumber("F-WORLD-REJET-002") == "REJETEE")
            #expect(try await byNumber("F-WORLD-SUSPEND-003") == "SUSPENDUE")
            // Filters: status, deposit dates, flow number, all together.
            let rejectedOnly = try await Self.search(client, token: token, #"{"statutCourant":["REJETEE"]}"#)
            #expect(rejectedOnly.compactMap { $0["numeroFluxDepot"]?.string } == [rejected])
            let today = ChorusDate.day(Date())
            let todays = try await Self.search(
                client, token: token, #"{"periodeDateDepotDu":"\#(today)","periodeDateDepotAu":"\#(today)"}"#)
            let todaysFlows = Set(todays.compactMap { $0["numeroFluxDepot"]?.string })
            #expect(todaysFlows.isSuperset(of: [flow, rejected, suspended]))
            #expect(!todaysFlows.contains(SimulatorDataset.DepositNumber.integrated), "deposited 50 hours ago")
            #expect(try await Self.search(client, token: token, #"{"periodeDateDepotAu":"2000-01-01"}"#).isEmpty)
            #expect(
                try await Self.search(client, token: token, #"{"numeroFluxDepot":"CPP0000000000000000000000"}"#).isEmpty
            )
            let all = try await Self.search(client, token: token, "{}")
            #expect(all.count == 6, "3 deposited here, 3 from the dataset's integrated flows")
            var pages: [String] = []
            for page in 1...3 {
                let paged = try await client.call(
                    "/cpro/factures/v1/rechercher/fournisseur",
                    body:
                        #"{"rechercheFactureParFournisseur":{"nbResultatsParPage":4,"pageResultatDemandee":\#(page)}}"#,
                    token: token)
                #expect(paged.json?["parametresRetour"]?["total"]?.int == 6)
                #expect(paged.json?["parametresRetour"]?["pages"]?.int == 2)
                pages += paged.json?["listeFactures"]?.array?.compactMap { $0["numeroFacture"]?.string } ?? []
            }
            #expect(pages == all.compactMap { $0["numeroFacture"]?.string })
            let badDate = try await client.call(
                "/cpro/factures/v1/rechercher/fournisseur", body: #"{"periodeDateDepotDu":"01/03/2026"}"#, token: token)
            #expect(badDate.status == 400)
            let unknown = try await client.call(
                "/cpro/factures/v1/consulter/fournisseur", body: #"{"identifiantFactureCPP":"1"}"#, token: token)
            #expect(unknown.json?["codeRetour"]?.int == 20001 && unknown.json?["facture"] == nil)
        }
    }

    @Test("consulterCR reports the flow's state with its report as a PDF")
    func shortFlowReport() async throws {
        try await DemoClient.with(.healthy) { client in
            let token = try await client.token()
            let flow = try await Self.deposit(client, token: token, number: "F-CR-001")
            let reply = try await client.call(
                "/cpro/transverses/v1/consulterCR", body: #"{"numeroFluxDepot":"\#(flow)"}"#, token: token)
            #expect(reply.json?["codeRetour"]?.int == 0)
            #expect(reply.json?["numeroFluxDepot"]?.string == flow)
            #expect(reply.json?["nomFichierFlux"]?.string == "facture.xml")
            #expect(DepositFlow.State(rawValue: reply.json?["etatCourantFlux"]?.string ?? "") != nil)
            let pdf = try #require(Data(base64Encoded: reply.json?["fichierCR"]?.string ?? ""))
            let text = String(decoding: pdf, as: UTF8.self)
            #expect(text.hasPrefix("%PDF-1.4") && text.hasSuffix("%%EOF\n") && text.contains(flow))
            let unknown = try await client.call(
                "/cpro/transverses/v1/consulterCR", body: #"{"numeroFluxDepot":"CPP0000000000000000000000"}"#,
                token: token)
            #expect(unknown.json?["codeRetour"]?.int == 20001 && unknown.json?["fichierCR"] == nil)
        }
    }

    @Test("an invoice submitted as JSON with its attachment is on the platform; bad ones are refused")
    func submitWithAttachment() async throws {
        try await DemoClient.with(.healthy) { client in
            let token = try await client.token()
            let pdf = DepositReportDocument.pdf(lines: ["Facture"]).base64EncodedString()
            let added = try await client.call(
                "/cpro/transverses/v1/ajouter/fichier",
                body:
                    #"{"pieceJointeFichier":"\#(pdf)","pieceJointeNom":"facture.pdf","pieceJointeTypeMime":"application/pdf","pieceJointeExtension":"PDF"}"#,
                token: token)
            #expect(added.json?["codeRetour"]?.int == 0)
            let attachment = try #require(added.json?["pieceJointeId"]?.int)
            let badExtension = try await client.call(
                "/cpro/transverses/v1/ajouter/fichier",
                body: #"{"pieceJointeFichier":"\#(pdf)","pieceJointeNom":"run.exe","pieceJointeExtension":"EXE"}"#,
                token: token)
            #expect(badExtension.json?["codeRetour"]?.int != 0 && badExtension.json?["pieceJointeId"] == nil)
            let longName = String(repeating: "a", count: 51) + ".pdf"
            let tooLong = try await client.call(
                "/cpro/transverses/v1/ajouter/fichier",
                body: #"{"pieceJointeFichier":"\#(pdf)","pieceJointeNom":"\#(longName)","pieceJointeExtension":"PDF"}"#,
                token: token)
            #expect(tooLong.status == 400)

            let buyer = try #require(client.simulator.dataset.structure(.recipientWithoutParameter)).siret
            func submit(number: String, buyer: String, attachment: Int) async throws -> Reply {
                try await client.call(
                    "/cpro/factures/v1/soumettre",
                    body: #"""
                        {"modeDepot":"DEPOT_PDF_API","numeroFactureSaisi":"\#(number)","dateFacture":"2026-03-02",
                         "destinataire":{"codeDestinataire":"\#(buyer)"},"cadreDeFacturation":{"codeCadreFacturation":"A1_FACTURE_FOURNISSEUR"},
                         "references":{"deviseFacture":"EUR","typeFacture":"FACTURE","typeTva":"SUR_DEBIT"},
                         "montantTotal":{"montantHtTotal":100,"montantTVA":20,"montantTtcTotal":120,"montantAPayer":120},
                         "pieceJointePrincipale":[{"pieceJointePrincipaleDesignation":"Facture","pieceJointePrincipaleId":\#(attachment)}]}
                        """#, token: token)
            }
            let accepted = try await submit(number: "S-001", buyer: buyer, attachment: attachment)
            #expect(accepted.json?["codeRetour"]?.int == 0)
            #expect(accepted.json?["statutFacture"]?.string == "DEPOSEE")
            let id = try #require(accepted.json?["identifiantFactureCPP"]?.int)
            let found = try await Self.search(client, token: token, #"{"numeroFacture":"S-001"}"#)
            #expect(found.first?["identifiantFactureCPP"]?.int == id)
            #expect(found.first?["modeDepot"]?.string == "DEPOT_PDF_API")
            #expect(found.first?["numeroFluxDepot"] == nil)
            let duplicate = try await submit(number: "S-001", buyer: buyer, attachment: attachment)
            #expect(duplicate.json?["codeRetour"]?.int != 0 && duplicate.json?["identifiantFactureCPP"] == nil)
            let noAttachment = try await submit(number: "S-002", buyer: buyer, attachment: 1)
            #expect(noAttachment.json?["codeRetour"]?.int != 0)
            let unknownBuyer = try await submit(
                number: "S-003", buyer: SimulatorDataset.unknownSiret, attachment: attachment)
            #expect(unknownBuyer.json?["libelle"]?.string?.contains(SimulatorDataset.unknownSiret) == true)
            let mandatoryService = try #require(client.simulator.dataset.structure(.recipientWithMandatoryService))
                .siret
            let noService = try await submit(number: "S-004", buyer: mandatoryService, attachment: attachment)
            #expect(noService.json?["codeRetour"]?.int != 0)
            let submitted = try await Self.search(client, token: token, "{}").filter { $0["numeroFluxDepot"] == nil }
            #expect(submitted.compactMap { $0["numeroFacture"]?.string } == ["S-001"])
        }
    }
}
