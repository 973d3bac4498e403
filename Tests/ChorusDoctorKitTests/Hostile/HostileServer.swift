import ChorusTestSupport
import ChorusTransport
import Foundation
import Synchronization
import Testing

@testable import ChorusDoctorKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
    private let MSG_NOSIGNAL: Int32 = 0
#endif

/// A misbehaving PISTE / Chorus Pro on 127.0.0.1: by default the healthy platform (the same answers as
/// `ScriptedTransport.healthy`), with any path answered by hand: raw bytes, so it can send what no real server
/// should (secrets echoed in any encoding, control characters, invalid UTF-8, 96 KB headers, 20,000 headers).
final class HostileServer: Sendable {
    /// One answer: status, headers and body, sent as they are (no header is added but `Content-Length` and
    /// `Connection: close`).
    struct Answer: Sendable {
        var status: Int
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        var body: Data
        /// How long the server waits before it answers.
        var delay: TimeInterval = 0

        init(_ status: Int, headers: [(String, String)] = [("Content-Type", "application/json")], body: Data) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        init(_ status: Int, headers: [(String, String)] = [("Content-Type", "application/json")], _ text: String) {
            self.init(status, headers: headers, body: Data(text.utf8))
        }
    }

    let port: Int
    private let listener: Int32
    private struct State {
        var answers: [String: Answer]
        /// Request bodies received, by path (what the tool sent).
        var received: [String: [Data]] = [:]
    }

    private let state: Mutex<State>
    private let stopped = Atomic(false)

    init(_ overrides: [String: Answer] = [:]) throws {
        var answers = Self.healthy
        answers.merge(overrides) { $1 }
        state = Mutex(State(answers: answers))
        (listener, port) = try LoopbackSocket.open(listening: 64)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func set(_ path: String, _ answer: Answer) { state.withLock { $0.answers[path] = answer } }

    /// Every answer waits `delay` seconds before it is sent.
    func slowDown(by delay: TimeInterval) {
        state.withLock { state in for path in state.answers.keys { state.answers[path]?.delay = delay } }
    }

    /// How many requests reached the server.
    var requestCount: Int { state.withLock { $0.received.values.map(\.count).reduce(0, +) } }

    func bodies(_ path: String) -> [Data] { state.withLock { $0.received[path] ?? [] } }

    var base: String { "http://127.0.0.1:\(port)" }

    /// A profile of this server with the given secrets (sandbox, the fixture's identifiers).
    func document(clientSecret: String = Fixture.clientSecret, password: String = Fixture.password) -> ProfileDocument {
        var document = Fixture.document()
        document.tokenURL = "\(base)/api/oauth/token"
        document.apiBaseURL = base
        document.clientSecret = clientSecret
        document.technicalPassword = password
        return document
    }

    /// Stops accepting (a connection is refused when this returns; nothing waits); the accept thread ends within
    /// 50 ms and closes the listener itself, so its descriptor is never reused under it.
    func stop() {
        guard stopped.exchange(true, ordering: .acquiringAndReleasing) == false else { return }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    /// The healthy platform's answers, by path.
    static let healthy: [String: Answer] = {
        var answers: [String: Answer] = [:]
        for (path, answer) in ScriptedTransport.healthy {
            if case .json(let status, let body, _) = answer { answers[path] = Answer(status, body) }
        }
        return answers
    }()

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopped {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            if connection < 0 { continue }
            let thread = Thread { [self] in
                serve(connection)
                close(connection)
            }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        guard let (path, body) = readRequest(connection) else { return }
        let answer = state.withLock { state -> Answer in
            state.received[path, default: []].append(body)
            return state.answers[path] ?? Answer(404, #"{"error":"not found"}"#)
        }
        if answer.delay > 0 { Thread.sleep(forTimeInterval: answer.delay) }
        var head = "HTTP/1.1 \(answer.status) Answer\r\n"
        for (name, value) in answer.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(answer.body.count)\r\nConnection: close\r\n\r\n"
        sendAll(connection, Data(head.utf8) + answer.body)
    }

    /// The request's path (no query) and body.
    private func readRequest(_ connection: Int32) -> (String, Data)? {
        var buffer = Data()
        let separator = Data("\r\n\r\n".utf8)
        while true {
            if let range = buffer.range(of: separator) {
                let head = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n")
                let length =
                    lines.dropFirst().first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
                if buffer.count - range.upperBound >= length {
                    let target = lines[0].split(separator: " ").dropFirst().first.map(String.init) ?? "/"
                    let path = String(target.split(separator: "?").first ?? "/")
                    return (path, buffer.subdata(in: range.upperBound..<(range.upperBound + length)))
                }
            }
            var entry = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard !isStopped else { return nil }
            guard poll(&entry, 1, 50) > 0 else { continue }
            var bytes = [UInt8](repeating: 0, count: 16 * 1024)
            let count = recv(connection, &bytes, bytes.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: bytes[..<count])
        }
    }

    @discardableResult
    private func sendAll(_ connection: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = send(connection, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

}

/// Runs `check` against a hostile server with a profile stored in a temporary HOME, and gathers every byte the
/// tool produced: human and `--json` output, saved runs, and (when asked) the report and bundle files.
struct HostileRun {
    let context: TestContext
    var outputs: [String] = []

    init(document: ProfileDocument, profile: String = "default") throws {
        context = try TestContext(environment: ["NO_PROXY": "*", "no_proxy": "*"], loopback: true)
        try ProfileStore(paths: context.context.paths).save(document, as: profile)
    }

    /// `check` (human, verbose) then `check --json --verbose`; returns the JSON text.
    @discardableResult
    mutating func check(profile: String = "default") async -> String {
        let ctx = context.context
        _ = await CheckFlow.execute(ctx, options: .init(profile: profile, verbose: true, timeout: .seconds(5)))
        let human = context.console.output + context.console.errors
        let before = context.console.output.count
        _ = await CheckFlow.execute(
            ctx, options: .init(profile: profile, json: true, verbose: true, timeout: .seconds(5)))
        let json = String(context.console.output.dropFirst(before))
        outputs = [human, json]
        return json
    }

    /// `report` (markdown) and the bundle's files, as text.
    mutating func reportAndBundle(profile: String = "default") async {
        let ctx = context.context
        let before = context.console.output.count
        _ = await ReportFlow.execute(ctx, options: .init(profile: profile))
        outputs.append(String(context.console.output.dropFirst(before)))
        if let material = try? await ReportFlow.gather(ctx, profile: profile, runFirst: false, timeout: .seconds(5)),
            let report = try? ReportFlow.build(ctx, material, ticketLanguage: .fr, system: nil)
        {
            let bundle = SupportBundle(
                report: report, material: material, strings: ctx.strings, redactor: ctx.redactor, runCount: 10)
            for file in (try? bundle.files()) ?? [] { outputs.append(String(decoding: file.data, as: UTF8.self)) }
        }
    }

    /// Every output and every file under HOME but the profile itself (which holds the secrets by design).
    var everything: [String] {
        var all = outputs
        let walker = FileManager.default.enumerator(at: context.home, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if url.pathExtension == "yaml" && url.path.contains("/profiles/") { continue }
            if let data = try? Data(contentsOf: url) { all.append(String(decoding: data, as: UTF8.self)) }
        }
        return all
    }

    func cleanUp() { context.cleanUp() }
}
