import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusSimulator

/// `sim --state DIR`: the world survives a restart; a state that cannot be read is reported and left untouched.
@Suite struct StateDirectoryTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sim-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a deposit and its invoice are still there after a restart on the same directory")
    func survivesRestart() async throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("world")
        let state = try SimulatorStateDirectory(path: directory.path)
        let flow = try await DemoClient.with(.healthy, state: state) { first in
            let token = try await first.token()
            let flow = try await InvoiceWorldTests.deposit(first, token: token, number: "F-KEPT-001")
            let invoice = try await InvoiceWorldTests.eventually {
                try await InvoiceWorldTests.search(first, token: token, #"{"numeroFluxDepot":"\#(flow)"}"#).first
            }
            #expect(invoice != nil)
            return flow
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)

        try await DemoClient.with(.healthy, state: try SimulatorStateDirectory(path: directory.path)) { second in
            let again = try await second.token()
            let found = try await InvoiceWorldTests.search(second, token: again, #"{"numeroFluxDepot":"\#(flow)"}"#)
            #expect(found.first?["numeroFacture"]?.string == "F-KEPT-001")
            let report = try await second.call(
                "/cpro/transverses/v1/consulterCRDetaille", body: #"{"numeroFluxDepot":"\#(flow)"}"#, token: again)
            #expect(report.json?["etatCourantDepotFlux"]?.string == "IN_INTEGRE")
            // Numbers go on from the kept ones; the same invoice number is a duplicate.
            let next = try await InvoiceWorldTests.deposit(second, token: again, number: "F-KEPT-001")
            #expect(next != flow)
            let duplicate = try await InvoiceWorldTests.eventually {
                let reply = try await second.call(
                    "/cpro/transverses/v1/consulterCRDetaille", body: #"{"numeroFluxDepot":"\#(next)"}"#, token: again)
                return reply.json?["etatCourantDepotFlux"]?.string == "IN_REJETE" ? reply : nil
            }
            #expect(duplicate != nil)
        }
    }

    @Test("a corrupt or foreign state file is reported and never overwritten")
    func corruptStateIsKept() async throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent(SimulatorStateDirectory.fileName)
        for contents in [
            "{not json", #"{"version":99,"flows":[],"accepted":[],"counter":0,"invoices":[],"attachments":[]}"#,
        ] {
            try Data(contents.utf8).write(to: file)
            let state = try SimulatorStateDirectory(path: root.path)
            await #expect(throws: SimulatorStateDirectory.Problem.self) {
                try await withSimulator(.healthy, state: state) { _ in }
            }
            #expect(try Data(contentsOf: file) == Data(contents.utf8))
        }
    }

    @Test("the state file is written only inside the directory: a link in its place and a file as DIR are refused")
    func pathsAreConfined() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appendingPathComponent("outside.json")
        try Data("keep".utf8).write(to: outside)
        let directory = root.appendingPathComponent("dir")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent(SimulatorStateDirectory.fileName), withDestinationURL: outside)
        let linked = try SimulatorStateDirectory(path: directory.path)
        #expect(throws: SimulatorStateDirectory.Problem.self) { try DepositDesk(store: linked) }
        #expect(try Data(contentsOf: outside) == Data("keep".utf8))
        #expect(throws: SimulatorStateDirectory.Problem.notADirectory(outside.path)) {
            try SimulatorStateDirectory(path: outside.path)
        }
    }

    @Test("every change is saved at once, atomically, as a versioned document")
    func savedOnChange() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let state = try SimulatorStateDirectory(path: root.path)
        let desk = try DepositDesk(store: state)
        let id = desk.attach(name: "a.pdf", mimeType: "application/pdf", size: 3)
        let reread = try #require(try state.load())
        #expect(reread.version == 1 && reread.attachments.map(\.pieceJointeId) == [id])
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(names == [SimulatorStateDirectory.fileName], "a temporary file was left behind: \(names)")
    }
}
