import ChorusDemo
import ChorusDoctorKit
import ChorusSimulator
import Foundation
import Testing

/// The line chorus-doctor-sim hands `demo`: what the simulator writes is what the tool reads, and nothing else is
/// taken for it.
@Suite struct DemoHandshakeTests {
    static func credentials() -> DemoCredentials {
        DemoCredentials(
            tokenURL: URL(string: "http://127.0.0.1:4242/api/oauth/token")!,
            apiBaseURL: URL(string: "http://127.0.0.1:4242")!, clientID: "client", clientSecret: "s3cr\"et\n/é",
            technicalLogin: "TECH_1", technicalPassword: "p@ss\\word", siret: "00000000000000",
            pisteApplicationName: "App", technicalPasswordExpiry: Date(timeIntervalSince1970: 1_800_000_000),
            userLogin: "user@example.test")
    }

    @Test func theLineReadsBackAsWritten() throws {
        let line = DemoHandshake(credentials: Self.credentials()).line
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" })
        let read = try DemoHandshake.read(String(line.dropLast()))
        #expect(read.credentials == Self.credentials())
        #expect(read.version == ToolVersion.current && read.format == DemoHandshake.currentFormat)
    }

    @Test func aSimulatorOfAnotherBuildOrFormatIsRefused() throws {
        var other = DemoHandshake(credentials: Self.credentials(), version: "9.9.9")
        #expect(throws: DemoHandshake.Problem.otherBuild(version: "9.9.9")) {
            try DemoHandshake.read(String(other.line.dropLast()))
        }
        other = DemoHandshake(credentials: Self.credentials())
        other.format = DemoHandshake.currentFormat + 1
        #expect(throws: DemoHandshake.Problem.otherBuild(version: ToolVersion.current)) {
            try DemoHandshake.read(String(other.line.dropLast()))
        }
    }

    @Test(arguments: [
        "", "not json", "[]", #"{"format":1}"#, #"{"format":1,"version":"0.1.0","credentials":{}}"#,
        String(repeating: " ", count: DemoHandshake.maximumLength + 1) + "{}",
    ])
    func whatIsNotAHandshakeIsRefused(_ line: String) {
        let versioned = line.replacingOccurrences(of: "0.1.0", with: ToolVersion.current)
        #expect(throws: (any Error).self) { try DemoHandshake.read(versioned) }
        #expect((try? DemoHandshake.read(versioned)) == nil)
    }
}
