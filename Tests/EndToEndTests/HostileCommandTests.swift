import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The hostile-input cases that need the real binary: its own process, terminal, limits and standard output.
@Suite struct HostileCommandTests {
    /// `sim --save-profile ../../x` is refused before anything is written, anywhere.
    @Test(arguments: ["../../x", "../x", "a/b", ".x"])
    func simSaveProfileStaysInTheFolder(_ name: String) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(["sim", "--port", "0", "--save-profile", name], home: home.url)
        #expect(result.status != 0)
        #expect(result.all.contains("not a valid profile name"), "\(result.all)")
        let written = FileManager.default.enumerator(atPath: home.url.path)?.allObjects as? [String] ?? []
        #expect(!written.contains { $0.hasSuffix(".yaml") }, "\(written)")
    }

    /// Parallel `profile set` processes, each a different key: every one that exits 0 is in the file.
    @Test(arguments: [1, 2])
    func parallelProfileSetsAreAllKept(_ round: Int) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let values = [
            ("environment", "sandbox"), ("token_url", "https://sandbox-oauth.piste.gouv.fr/api/oauth/token"),
            ("api_base_url", "https://sandbox-api.piste.gouv.fr"),
            ("client_id", "739d71f6-9427-4021-bec2-fd73255afa33"),
            ("technical_login", "TECH_1_00000000012345@cpp2017.fr"), ("siret", "73282932000074"),
            ("piste_application", "acme-erp-\(round)"), ("technical_password_expiry", "2027-06-30"),
            ("iban", "FR7630006000011234567890189"),
        ]
        let results = try await withThrowingTaskGroup(of: (String, Int32).self) { group in
            for (key, value) in values {
                group.addTask {
                    (key, try await ChorusBinary.run(["profile", "set", key, value], home: home.url).status)
                }
            }
            var all: [(String, Int32)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let document = try #require(
            try ProfileStore(paths: Paths(environment: ["HOME": home.url.path])).load("default"))
        for (key, status) in results {
            #expect(status == 0, "\(key) exited \(status)")
            if status == 0 { #expect(document[key] != nil, "\(key) was acknowledged then lost") }
        }
    }

    /// `bundle -o -` streams the archive to standard output (a zip starts with `PK`), the summary on stderr.
    @Test func bundleToStandardOutput() async throws {
        try await BeyondHome.with(.healthy) { simulator in
            let check = try await ChorusBinary.run(["check"], home: simulator.url)
            #expect(check.status == 0, "\(check.all)")
            let bundle = try await ChorusBinary.run(["bundle", "-o", "-"], home: simulator.url)
            #expect(bundle.status == 0, "\(bundle.stderr)")
            #expect(bundle.stdout.hasPrefix("PK"), "a zip on standard output")
            #expect(!FileManager.default.fileExists(atPath: simulator.url.appendingPathComponent("-").path))
            // /proc/self/fd/1 is a link to the pipe: never replaced.
            let proc = try await ChorusBinary.run(["bundle", "-o", "/proc/self/fd/1"], home: simulator.url)
            #expect(proc.status != 0)
            #expect(proc.stderr.contains("not a regular file"), "\(proc.stderr)")
        }
    }

    /// `ulimit -n 64; check --all --jobs 64`: healthy profiles pass; the pool is sized to the limit (fewer checks at
    /// once, never none) and says so. In a process of its own: lowering the limit of the test process would make any
    /// suite running beside it fail to open a socket.
    @Test func lowDescriptorLimitIsNotAPlatformFault() async throws {
        let names = (1...12).map { "p\($0)" }
        try await BeyondHome.with(.healthy, profiles: names) { simulator in
            let binary = ChorusBinary.url.path
            let result = try await ChorusBinary.run(
                ["-c", "ulimit -n 64 && exec '\(binary)' check --all --jobs 64"], home: simulator.url,
                executable: URL(fileURLWithPath: "/bin/sh"))
            #expect(result.status == 0, "\(result.all)")
            #expect(result.stderr.contains("ulimit -n"), "the reduced pool is explained: \(result.stderr)")
            let most = (64 - LocalResources.reservedDescriptors) / LocalResources.descriptorsPerCheck
            let jobs = result.stderr.firstMatch(of: /Running (\d+) checks at once instead of 64/).flatMap { Int($0.1) }
            #expect(jobs.map { (1...most).contains($0) } == true, "\(jobs.map(String.init) ?? "no") checks at once")
        }
    }

    /// Ctrl-C (or SIGTERM) at the hidden prompt of `profile set client_secret` leaves the terminal echoing.
    @Test(.enabled(if: WizardTerminal.available), arguments: ["C-c"])
    func interruptAtTheHiddenPromptRestoresEcho(_ key: String) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try await Self.withPromptTerminal(home) { terminal in
            try await terminal.type("'\(ChorusBinary.url.path)' profile set client_secret")
            _ = try await terminal.waitFor("typing is not shown")
            try await terminal.type("typed-secret-abc", enter: false)
            try await terminal.press(key)
            // The shell's prompt back (the command has ended) before anything is typed: typed earlier, the `stty` line
            // would reach the prompt's input, which the interrupted prompt empties on its way out.
            try await Self.waitForTheShell(terminal)
            let setting = try await Self.echoSetting(terminal, home)
            let screen = try await terminal.capture()
            #expect(setting == "echo", "the terminal was left with \(setting): \(screen)")
            #expect(!screen.contains("typed-secret-abc"), "the secret was never echoed")
        }
    }

    /// Ctrl-Z at the hidden prompt: the shell gets its echo back while the prompt is stopped; after `fg` the
    /// typing is hidden again and the answer is kept.
    @Test(.enabled(if: WizardTerminal.available))
    func suspendAtTheHiddenPromptShowsEchoThenHidesItAgain() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try await Self.withPromptTerminal(home) { terminal in
            try await terminal.type("'\(ChorusBinary.url.path)' profile set client_secret")
            _ = try await terminal.waitFor("typing is not shown")
            try await terminal.press("C-z")
            let whileStopped = try await Self.echoSetting(terminal, home)
            #expect(whileStopped == "echo", "while stopped the terminal was left with \(whileStopped)")
            try await terminal.type("fg")
            try await Task.sleep(for: .milliseconds(500))
            try await terminal.type("typed-after-fg-xyz")
            let done = home.url.appendingPathComponent("done.txt")
            try await terminal.type("echo STATUS=$? > '\(done.path)'")
            let status = try await Self.contents(of: done)
            let screen = try await terminal.capture()
            #expect(status == "STATUS=0", "\(screen)")
            #expect(!screen.contains("typed-after-fg-xyz"), "after fg the typing was shown: \(screen)")
            let document = try ProfileStore(paths: Paths(environment: ["HOME": home.url.path])).load("default")
            #expect(document?["client_secret"] == "typed-after-fg-xyz", "the answer typed after fg was kept")
        }
    }

    /// SIGTERM, SIGHUP or SIGQUIT sent from outside (a service manager, a closed SSH session, `kill`) while the
    /// hidden prompt waits: the terminal is left echoing, nothing typed is shown or saved, the exit says signal.
    /// The half-typed secret is not left in the terminal's queue either, where the shell would read it next, show it
    /// and keep it in its history (it did, before: `typed-secret-15echo STATUS…: not found`).
    @Test(.enabled(if: WizardTerminal.available), arguments: [SIGTERM, SIGHUP, SIGQUIT])
    func signalAtTheHiddenPromptRestoresEcho(_ signal: Int32) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try await Self.withPromptTerminal(home) { terminal in
            let pidFile = home.url.appendingPathComponent("prompt.pid")
            try await terminal.type(
                "sh -c 'echo $$ > \"\(pidFile.path)\"; exec \"\(ChorusBinary.url.path)\" profile set client_secret'")
            _ = try await terminal.waitFor("typing is not shown")
            try await terminal.type("typed-secret-\(signal)", enter: false)
            let pid = try #require(pid_t(try await Self.contents(of: pidFile)))
            #expect(kill(pid, signal) == 0)
            // Typed only once the process is gone: typing before is dropped with the half-typed secret, as it should.
            _ = await Poll.until(every: .milliseconds(50)) { kill(pid, 0) != 0 }
            let done = home.url.appendingPathComponent("status.txt")
            try await terminal.type("echo STATUS=$? > '\(done.path)'")
            let status = try await Self.contents(of: done)
            let setting = try await Self.echoSetting(terminal, home)
            let screen = try await terminal.capture()
            #expect(setting == "echo", "after signal \(signal) the terminal was left with \(setting): \(screen)")
            #expect(status == "STATUS=\(128 + signal)", "\(screen)")
            #expect(!screen.contains("typed-secret-\(signal)"), "the typing was never shown")
            let document = try ProfileStore(paths: Paths(environment: ["HOME": home.url.path])).load("default")
            #expect(document?["client_secret"] == nil, "nothing half-typed was saved")
        }
    }

    /// Runs `body` with a shell in tmux with only a temporary HOME (the hidden-prompt tests), closed after it.
    static func withPromptTerminal(_ home: TemporaryHome, _ body: (WizardTerminal) async throws -> Void) async throws {
        try await WizardTerminal.session(
            environment: ["HOME": home.url.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"], body)
    }

    /// Waits (up to 15 s) until the pane's last line is the shell's bare prompt (`$`).
    static func waitForTheShell(_ terminal: WizardTerminal) async throws {
        try await terminal.waitFor("the shell's prompt") { screen in
            let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            return lines.last(where: { !$0.isEmpty }) == "$"
        }
    }

    /// The terminal's echo setting as the shell sees it (`echo` or `-echo`), read with `stty` typed in the terminal.
    static func echoSetting(_ terminal: WizardTerminal, _ home: TemporaryHome) async throws -> String {
        let report = home.url.appendingPathComponent("stty-\(UUID().uuidString).txt")
        try await terminal.type("stty -a | tr ' ' '\\n' | grep -x -- '-*echo' > '\(report.path)'")
        return try await contents(of: report)
    }

    /// Waits (up to 15 s) for a file a shell command in the terminal writes, and returns it trimmed.
    static func contents(of file: URL) async throws -> String {
        _ = await Poll.until(every: .milliseconds(50)) {
            !((try? String(contentsOf: file, encoding: .utf8))?.isEmpty ?? true)
        }
        return try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
