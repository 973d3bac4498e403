import Foundation
import Testing

@testable import ChorusSimulator

/// Currencies, SIRET information, the recipients' directory, the MOA flag's name, and `sim --log` lines.
@Suite struct ReferentialTests {
    @Test("recuperer/devises labels in the language asked")
    func currencies() async throws {
        try await DemoClient.with(.healthy) { client in
            let token = try await client.token()
            let english = try await client.call(
                "/cpro/transverses/v1/recuperer/devises", body: #"{"codeLangue":"EN"}"#, token: token)
            let french = try await client.call(
                "/cpro/transverses/v1/recuperer/devises", body: #"{"codeLangue":"FR"}"#, token: token)
            #expect(english.json?["codeRetour"]?.int == 0 && english.json?["libelle"]?.string == "TRA_MSG_00.000")
            let euro = english.json?["listeDevises"]?.array?.first { $0["codeDevise"]?.string == "EUR" }
            #expect(euro?["libelleDevise"]?.string == "European Euro")
            #expect(french.json?["listeDevises"]?.array?.first?["libelleDevise"]?.string == "Euro")
        }
    }

    @Test("consulter/information/siret: refused as in qualification, or served by the variant")
    func siretInformation() async throws {
        let supplier = SimulatorDataset.qualification(now: Date()).supplier
        let body = #"{"siretStructure":"\#(supplier.siret)"}"#
        try await DemoClient.with(.healthy) { refusing in
            let token = try await refusing.token()
            let refused = try await refusing.call(
                "/cpro/transverses/v1/consulter/information/siret", body: body, token: token)
            #expect(refused.status == 200 && refused.json?["codeRetour"]?.int == 20001 && refused.json?["siret"] == nil)
        }

        try await DemoClient.with(.healthy, variants: [.siretInformationServed]) { serving in
            let served = try await serving.call(
                "/cpro/transverses/v1/consulter/information/siret", body: body, token: try await serving.token())
            let unknown = try await serving.call(
                "/cpro/transverses/v1/consulter/information/siret",
                body: #"{"siretStructure":"\#(SimulatorDataset.unknownSiret)"}"#, token: try await serving.token())
            #expect(served.json?["codeRetour"]?.int == 0)
            #expect(served.json?["siret"]?.string == supplier.siret)
            #expect(served.json?["siren"]?.string == String(supplier.siret.prefix(9)))
            #expect(served.json?["raisonSociale"]?.string == supplier.designation)
            #expect(unknown.json?["codeRetour"]?.int == 20001)
        }
    }

    @Test("telecharger/annuaire/destinataire: a ZIP holding the public structures as CSV")
    func directory() async throws {
        try await DemoClient.with(.healthy) { client in
            let reply = try await client.call(
                "/cpro/transverses/v1/telecharger/annuaire/destinataire", body: "{}", token: try await client.token())
            #expect(reply.json?["codeRetour"]?.int == 0 && reply.json?["libelle"]?.string == "GCU_MSG_01_000")
            let archive = try #require(Data(base64Encoded: reply.json?["fichierResultat"]?.string ?? ""))
            #expect(archive.prefix(2) == Data("PK".utf8))
            let entries = try BundleArchive.zipEntries(archive)
            let csv = String(decoding: try #require(entries["annuaire_destinataires.csv"]), as: UTF8.self)
            let rows = csv.split(separator: "\r\n").map { $0.split(separator: ";", omittingEmptySubsequences: false) }
            let dataset = client.simulator.dataset
            #expect(rows.first?.first == "IDENTIFIANT")
            #expect(
                Set(rows.dropFirst().map { String($0[0]) }) == Set(dataset.structures.filter(\.isPublic).map(\.siret)))
            #expect(!csv.contains(dataset.supplier.siret), "a private structure is in the recipients' directory")
            #expect(rows.allSatisfy { $0.count == rows[0].count })
        }
    }

    @Test("the MOA flag: getaMoa by default, aMoa with its variant")
    func moaFlag() async throws {
        let moa = try #require(SimulatorDataset.qualification(now: Date()).structure(.moa))
        for (variants, key, absent) in [
            ([PlatformVariant](), "getaMoa", "aMoa"), ([.moaFieldShort], "aMoa", "getaMoa"),
        ] {
            let reply = try await DemoClient.with(.healthy, variants: variants) { client in
                try await client.call(
                    "/cpro/structures/v1/consulter",
                    body: #"{"idStructureCPP":\#(moa.idStructureCPP),"codeLangue":"fr"}"#,
                    token: try await client.token())
            }
            #expect(reply.json?["parametres"]?[key] == .bool(true))
            #expect(reply.json?["parametres"]?[absent] == nil)
        }
    }

    @Test("sim --log names the operation and never prints a control character")
    func logLine() {
        #expect(
            SimulatorResponder.line(method: "POST", path: "/cpro/factures/v1/deposer/flux", outcome: "200")
                == "POST /cpro/factures/v1/deposer/flux 200 deposerFluxFacture\n")
        #expect(SimulatorResponder.line(method: "POST", path: "/api/oauth/token", outcome: "401").hasSuffix(" token\n"))
        let hostile = SimulatorResponder.line(method: "GET", path: "/x\u{1B}[31m\r\n", outcome: "404")
        #expect(hostile == "GET /x?[31m?? 404 -\n")
        for operation in ChorusOperation.allCases {
            #expect(!operation.name.isEmpty && operation.name.allSatisfy(\.isLetter))
        }
    }
}
