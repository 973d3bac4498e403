import Foundation
import Testing

@testable import ChorusDoctorKit

/// `explain` as a command: input forms, both languages, JSON, the honest "not recognised".
@Suite struct ExplainFlowTests {
    @Test func oneMessageInEnglishAndFrench() throws {
        for language in Language.allCases {
            let test = try TestContext(language: language)
            defer { test.cleanUp() }
            let message =
                "Le numero de facture (balise : ID.value) existe deja dans la solution, pour le fournisseur renseigne."
            #expect(ExplainFlow.execute(test.context, input: message, options: .init()) == .ok)
            #expect(test.console.output.contains("rejection.duplicate-number"))
            let word = language == .fr ? "doublon" : "duplicate"
            #expect(test.console.output.contains(word), "\(language): \(test.console.output)")
        }
    }

    /// GIVEN a pasted ERP log with noise around two platform lines, WHEN explained,
    /// THEN only the recognised lines are explained and the rest is counted.
    @Test func aPastedLogKeepsTheRecognisedLines() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let log = """
            2026-11-22 10:00:01 INFO sending invoice F-12
            2026-11-22 10:00:02 ERROR HTTP/1.1 403 Forbidden /cpro/factures/v1/deposer/flux
            2026-11-22 10:00:02 INFO retry later
            2026-11-22 10:05:00 ERROR Le code pays de l'adresse de facturation est incorrect.
            """
        #expect(ExplainFlow.execute(test.context, input: log, options: .init()) == .ok)
        #expect(test.console.output.contains("http.forbidden-api"))
        #expect(test.console.output.contains("rejection.country"))
        #expect(test.console.output.contains("2 other line(s)"))
    }

    @Test func unknownMessageSaysWhatToDoNext() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        #expect(ExplainFlow.execute(test.context, input: "something odd happened", options: .init()) == .checkFailed)
        #expect(test.console.output.contains("Not recognised"))
        #expect(test.console.output.contains("flow status"))
        #expect(test.console.output.contains("support"))
        #expect(!test.console.output.contains(".yaml"), "a user cannot edit a file compiled into the binary")
    }

    /// A flow state alone (`IN_REJETE`, as a billing software shows it) is explained from the flow states.
    @Test(arguments: [Language.en, .fr])
    func flowStatesAreKnown(_ language: Language) throws {
        let test = try TestContext(language: language)
        defer { test.cleanUp() }
        #expect(ExplainFlow.execute(test.context, input: "Flux CPP001 : IN_REJETE", options: .init()) == .ok)
        #expect(test.console.output.contains("flow-state.IN_REJETE"))
        #expect(test.console.output.contains(language == .en ? "Rejected" : "Rejeté"))
    }

    @Test func emptyInputIsAUsageError() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        #expect(ExplainFlow.execute(test.context, input: " \n \n", options: .init()) == .usage)
        #expect(test.console.errors.contains("chorus-doctor explain"))
    }

    @Test func jsonIsVersionedAndCarriesTheFacts() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let input = #"{"codeRetour":20000,"libelle":"TRA_MSG_00.015"}"# + "\n"
        #expect(ExplainFlow.execute(test.context, input: input, options: .init(json: true)) == .ok)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(test.console.output.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "chorus-doctor.explain/1")
        let result = try #require((object["results"] as? [[String: Any]])?.first)
        #expect(result["recognised"] as? Bool == true)
        #expect((result["diagnosis"] as? [String: Any])?["id"] as? String == "code.nothing-found")
        #expect((result["found"] as? [String: String])?["code_retour"] == "20000")
    }
}
