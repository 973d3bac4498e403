import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// A `DoctorContext` for tests: buffer console, temporary HOME (XDG dirs inside it), a fixed date with real time
/// unless a time source is given (`VirtualTime`). The transport is the one given, or libcurl with `loopback: true`
/// (for a server on 127.0.0.1: the simulator, a hostile server); with neither, any call records an issue and fails
/// (`UnstubbedTransport`). Remove the directory with `cleanUp()`.
struct TestContext {
    let home: URL
    let console: BufferConsole
    let context: DoctorContext

    init(
        language: Language = .en, environment extra: [String: String] = [:], now: Date = Fixture.now,
        terminal: Bool = false, transport: (any HTTPTransport)? = nil, loopback: Bool = false,
        time: (any TimeSource)? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-doctor-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let redactor = Redactor()
        console = BufferConsole(redactor: redactor, terminal: terminal)
        var environment = ["HOME": home.path]
        environment.merge(extra) { $1 }
        let fixed = transport
        context = DoctorContext(
            console: console, environment: environment, paths: Paths(environment: environment),
            clock: time ?? FixedDateTime(now),
            strings: Strings(language: language), library: .embedded, redactor: redactor,
            makeTransport: { options in
                fixed
                    ?? (loopback ? CurlTransport(options: options) : UnstubbedTransport(sourceLocation: sourceLocation))
            })
    }

    func cleanUp() { try? FileManager.default.removeItem(at: home) }

    /// Every byte the test's files under HOME hold, concatenated (for secret searches).
    func everyFileUnderHome() -> String {
        var all = ""
        let walker = FileManager.default.enumerator(at: home, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if let data = try? Data(contentsOf: url) { all += String(decoding: data, as: UTF8.self) }
        }
        return all
    }
}
