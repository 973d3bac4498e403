import ChorusTestSupport
import Foundation

/// `openssl s_server -www` on 127.0.0.1 with a freshly made self-signed certificate: a real TLS peer for tests.
final class TLSTestServer: @unchecked Sendable {
    /// The `openssl` found on `PATH`, if any: TLS tests are skipped without it.
    static let openssl: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/openssl" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    let port: Int
    /// The server's certificate (PEM): pass it as the CA bundle to trust this server.
    let certificatePath: String
    private let directory: URL
    private let process: Process

    /// Starts a server whose certificate names `subjectAltName` ("DNS:localhost,IP:127.0.0.1") and is valid for
    /// `days` (negative: already expired).
    init(subjectAltName: String, days: Int = 2) async throws {
        guard let openssl = Self.openssl else { throw CocoaError(.fileNoSuchFile) }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificatePath = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let request = directory.appendingPathComponent("cert.csr").path
        let extensions = directory.appendingPathComponent("san.ext").path
        try "subjectAltName=\(subjectAltName)\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try await Self.run(
            openssl,
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", request, "-subj", "/CN=chorus-doctor test",
            ])
        try await Self.run(
            openssl,
            [
                "x509", "-req", "-in", request, "-signkey", key, "-days", String(days), "-extfile", extensions,
                "-out", certificatePath,
            ])

        port = try closedLoopbackPort()
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = [
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificatePath, "-key", key, "-www",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await waitUntilAccepting(log: log)
    }

    /// `https://127.0.0.1:<port>/`.
    var url: URL { URL(string: "https://127.0.0.1:\(port)/")! }

    func stop() async {
        if process.isRunning {
            // SIGKILL, not terminate(): a child spawned from a test thread inherits its blocked SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            await ProgramRun.exit(of: process)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// s_server prints "ACCEPT" once it listens.
    private func waitUntilAccepting(log: URL) async throws {
        let accepting = await Poll.until(every: .milliseconds(20), limit: .seconds(5)) { [process] in
            guard process.isRunning else { return true }
            return (try? String(contentsOf: log, encoding: .utf8))?.contains("ACCEPT") == true
        }
        if accepting && process.isRunning { return }
        await stop()
        throw CocoaError(.fileReadUnknown)
    }

    private static func run(_ executable: String, _ arguments: [String]) async throws {
        let result = try await ProgramRun.run(URL(fileURLWithPath: executable), arguments)
        guard result.status == 0 else { throw CocoaError(.executableLoad) }
    }
}
