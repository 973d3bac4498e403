import ChorusSimulator
import ChorusTransport
import Foundation
import Synchronization
import Testing

@testable import ChorusDoctorKit

/// `flow status` against the simulator's flows, one per state, with their errors explained.
@Suite struct DepositStatusTests {
    typealias Number = SimulatorDataset.DepositNumber

    static func options(_ number: String, json: Bool = false) -> DepositStatusFlow.Options {
        DepositStatusFlow.Options(profile: "default", number: number, json: json, requestTimeout: .seconds(15))
    }

    /// (flow, state, outcome, exit status, explanation ids of its errors in order)
    static let flows: [(String, String, DepositStates.Outcome, ChorusDoctorKit.ExitStatus, [String])] = [
        (Number.integrated, "IN_INTEGRE", .integrated, .ok, []),
        (Number.processing, "IN_EN_COURS_TRAITEMENT_CPP", .pending, .ok, []),
        (
            Number.rejected, "IN_REJETE", .rejected, .checkFailed,
            ["rejection.service-code-unknown", "rejection.duplicate-number"]
        ),
        (Number.incident, "IN_INCIDENTE", .incident, .checkFailed, ["rejection.file-format"]),
        (Number.partiallyIntegrated, "IN_INTEGRE_PARTIEL", .partial, .checkFailed, ["rejection.commitment-wrong"]),
        (
            Number.rejectedSupplier, "IN_REJETE", .rejected, .checkFailed,
            ["rejection.supplier-not-referenced", "rejection.country"]
        ),
    ]

    @Test(arguments: flows)
    func eachStateIsExplained(
        _ number: String, _ state: String, _ outcome: DepositStates.Outcome, _ status: ChorusDoctorKit.ExitStatus,
        _ explained: [String]
    ) async throws {
        try await SimulatedProfiles.with { sim in
            #expect(await DepositStatusFlow.status(sim.context, options: Self.options(number, json: true)) == status)
            let report = try CheckReport.decoder().decode(DepositReport.self, from: Data(sim.console.output.utf8))
            #expect(report.schema == "chorus-doctor.flow/1")
            #expect(report.found && report.state == state && report.outcome == outcome)
            #expect(report.final == ["IN_INTEGRE", "IN_REJETE", "IN_INTEGRE_PARTIEL"].contains(state))
            let ids = (report.paymentRequestErrors + report.technicalErrors).map { $0.explanation?.id ?? "?" }
            #expect(ids == explained)
            #expect(report.meaning?.isEmpty == false && report.action?.isEmpty == false)
        }
    }

    /// A platform that sends a list of one as a bare object (AIFE's own example does): the errors are still
    /// listed and explained.
    @Test(arguments: flows.filter { $0.4.count == 1 })
    func listsOfOneAsObjectAreStillRead(
        _ number: String, _ state: String, _ outcome: DepositStates.Outcome, _ status: ChorusDoctorKit.ExitStatus,
        _ explained: [String]
    ) async throws {
        try await SimulatedProfiles.with(variants: [.listsOfOneAsObject]) { sim in
            #expect(await DepositStatusFlow.status(sim.context, options: Self.options(number, json: true)) == status)
            let report = try CheckReport.decoder().decode(DepositReport.self, from: Data(sim.console.output.utf8))
            let ids = (report.paymentRequestErrors + report.technicalErrors).map { $0.explanation?.id ?? "?" }
            #expect(ids == explained)
        }
    }

    @Test(arguments: [Language.en, .fr])
    func humanTextTellsWhatToDo(_ language: Language) async throws {
        try await SimulatedProfiles.with(language: language) { sim in
            #expect(
                await DepositStatusFlow.status(sim.context, options: Self.options(Number.partiallyIntegrated))
                    == .checkFailed)
            let text = sim.console.output
            #expect(text.contains("IN_INTEGRE_PARTIEL"))
            #expect(
                text.contains(language == .fr ? "Ne renvoyez pas le flux entier" : "Do not send the whole flow again"))
            #expect(text.contains("F-DEMO-0107"))
            for secret in sim.secrets { #expect(!text.contains(secret)) }
        }
    }

    /// Every state the platform (and the simulator) knows has its explanation, final ones marked so.
    @Test func everyStateHasItsExplanation() throws {
        let states = ChecklistLibrary.embedded.depositStates
        for state in DepositFlow.State.allCases {
            let entry = try #require(states.states[state.rawValue], "\(state.rawValue) missing in flow-states.yaml")
            #expect(entry.final == state.isFinal, "\(state.rawValue)")
            #expect(entry.meaning.en != entry.meaning.fr && entry.action.en != entry.action.fr)
        }
        #expect(states.state("IN_SOMETHING_NEW").outcome == .pending)
    }

    @Test func unknownFlowSaysWhereToLook() async throws {
        try await SimulatedProfiles.with { sim in
            #expect(
                await DepositStatusFlow.status(sim.context, options: Self.options("CPP0000000000000000000999"))
                    == .checkFailed
            )
            #expect(sim.console.output.contains("has no flow CPP0000000000000000000999"))
            #expect(sim.console.output.contains("numeroFluxDepot"))
        }
    }

    @Test func malformedNumberIsAUsageError() async throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        #expect(await DepositStatusFlow.status(test.context, options: Self.options("CPP 12; drop")) == .usage)
        #expect(await DepositStatusFlow.status(test.context, options: Self.options("")) == .usage)
    }

    @Test func maintenanceIsExplainedNotHidden() async throws {
        try await SimulatedProfiles.with(.maintenance) { sim in
            #expect(
                await DepositStatusFlow.status(sim.context, options: Self.options(Number.rejected, json: true))
                    == .checkFailed
            )
            let report = try CheckReport.decoder().decode(DepositReport.self, from: Data(sim.console.output.utf8))
            #expect(report.problem?.httpStatus == 500)
            #expect(report.problem?.diagnosis?.id == "http.maintenance")
        }
    }
}

/// A transport answering each path from a queue of answers (the last one repeats). Records every request.
final class SequencedTransport: HTTPTransport {
    private let queues: Mutex<[String: [HTTPResponse]]>
    private let requests = Mutex<[HTTPRequest]>([])

    init(_ script: [String: [HTTPResponse]]) { queues = Mutex(script) }

    var sent: [HTTPRequest] { requests.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.withLock { $0.append(request) }
        return queues.withLock { queues in
            guard var queue = queues[request.url.path], !queue.isEmpty else { return HTTPResponse(status: 404) }
            let answer = queue.count > 1 ? queue.removeFirst() : queue[0]
            queues[request.url.path] = queue
            return answer
        }
    }

    func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport {
        ConnectionReport(host: url.host ?? "", port: 443)
    }

    static func json(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: headers + [HTTPHeader("Content-Type", "application/json")], body: Data(body.utf8))
    }
}
