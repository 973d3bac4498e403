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

        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: openssl)
        // Port 0: the system gives s_server a free port as it binds (a port found free beforehand could be taken
        // by another suite's server in between); s_server names it on its ACCEPT line.
        server.arguments = [
            "s_server", "-accept", "127.0.0.1:0", "-cert", certificatePath, "-key", key, "-www",
        ]
        server.standardInput = FileHandle.nullDevice
        let output = try FileHandle(forWritingTo: log)
        server.standardOutput = output
        server.standardError = output
        try server.run()
        port = try await Self.acceptingPort(server, log: log, directory: directory)
        process = server
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

    /// The port s_server prints on its `ACCEPT 127.0.0.1:PORT` line once it listens. When it exits first or never
    /// says so, it is stopped and the error says which, with what it printed.
    private static func acceptingPort(_ process: Process, log: URL, directory: URL) async throws -> Int {
        let port = await Poll.first(every: .milliseconds(20), limit: .seconds(5)) { [process] () -> Int? in
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let match = text.firstMatch(of: /ACCEPT 127\.0\.0\.1:(\d+)/), let port = Int(match.1) { return port }
            return process.isRunning ? nil : -1
        }
        if let port, port > 0 { return port }
        let exited = !process.isRunning
        let printed = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if !exited {
            kill(process.processIdentifier, SIGKILL)
            await ProgramRun.exit(of: process)
        }
        try? FileManager.default.removeItem(at: directory)
        throw NotListening(
            reason: exited ? "s_server exited (status \(process.terminationStatus))" : "no ACCEPT line within 5 s",
            printed: printed)
    }

    /// s_server did not come up.
    struct NotListening: Error, CustomStringConvertible {
        var reason: String
        var printed: String
        var description: String { "openssl s_server is not listening: \(reason); it printed: \(printed)" }
    }

    private static func run(_ executable: String, _ arguments: [String]) async throws {
        let result = try await ProgramRun.run(URL(fileURLWithPath: executable), arguments)
        guard result.status == 0 else { throw CocoaError(.executableLoad) }
    }
}
