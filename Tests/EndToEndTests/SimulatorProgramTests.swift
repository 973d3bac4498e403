import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusCommandLine

#if canImport(Glibc)
    import Glibc
#endif

/// The simulator is a program of its own, `chorus-doctor-sim`: the tool's start-up never loads its server stack.
/// `sim` becomes that program; `demo` starts it as a child, checks against it, and never leaves it running.
@Suite struct SimulatorProgramTests {
    static var simulatorURL: URL {
        ChorusBinary.url.deletingLastPathComponent().appendingPathComponent("chorus-doctor-sim")
    }

    /// The bytes of a built program hold the names of the modules linked into it (type metadata, symbols).
    @Test func theToolHoldsNoServerStackAndTheSimulatorDoes() throws {
        let tool = try Data(contentsOf: ChorusBinary.url, options: .mappedIfSafe)
        let simulator = try Data(contentsOf: Self.simulatorURL, options: .mappedIfSafe)
        for module in ["11Hummingbird", "8NIOPosix", "7NIOCore", "15ChorusSimulator"] {
            let name = Data(module.utf8)
            #expect(tool.range(of: name) == nil, "chorus-doctor links \(module)")
            #expect(simulator.range(of: name) != nil, "chorus-doctor-sim does not link \(module)")
        }
    }

    /// A tool copied alone: `demo` and `sim` say what is missing, where it was looked for, and how to get it.
    @Test(arguments: ["en", "fr"]) func withoutTheSimulatorProgramTheMessageSaysWhereAndHow(_ language: String)
        async throws
    {
        let home = try TemporaryHome()
        defer { home.remove() }
        let alone = home.url.appendingPathComponent("bin/chorus-doctor")
        try FileManager.default.createDirectory(
            at: alone.deletingLastPathComponent(), withIntermediateDirectories: true)
        // A hard link where it can be; else a copy made by `cp`, so that the test process never holds the copy open
        // for writing (a process another test forks meanwhile would inherit that: "Text file busy" at exec).
        if link(ChorusBinary.url.path, alone.path) != 0 {
            let copied = try await ProgramRun.run(tool: "cp", [ChorusBinary.url.path, alone.path])
            try #require(copied.status == 0, "\(copied.all)")
        }
        for command in [["demo"], ["sim", "--port", "0"]] {
            let run = try await ChorusBinary.run(command + ["--lang", language], home: home.url, executable: alone)
            #expect(run.status == 70, "\(command): \(run.all)")
            #expect(run.flowingErrors.contains(alone.deletingLastPathComponent().path + "/chorus-doctor-sim"))
            #expect(run.flowingErrors.contains("CHORUS_DOCTOR_SIM"))
            #expect(run.flowingErrors.contains(language == "fr" ? "programme à part" : "a program of its own"))
        }
        // What needs no server still answers.
        let list = try await ChorusBinary.run(["demo", "--list-scenarios"], home: home.url, executable: alone)
        #expect(list.status == 0 && list.stdout.contains("wrong-secret"))
        // CHORUS_DOCTOR_SIM is where an installation may put it elsewhere.
        let named = try await ChorusBinary.run(
            ["demo", "--json"], home: home.url, env: ["CHORUS_DOCTOR_SIM": Self.simulatorURL.path], executable: alone)
        #expect(named.status == 0, "\(named.all)")
        let wrong = try await ChorusBinary.run(
            ["demo"], home: home.url, env: ["CHORUS_DOCTOR_SIM": home.url.path], executable: alone)
        #expect(wrong.status == 70 && wrong.flowingErrors.contains("is not an executable file"), "\(wrong.all)")
    }

    /// A program in the simulator's place that is not it (another build, something else, one that dies): refused
    /// with a reason, at once, and what it printed never reaches the terminal raw.
    @Test func aProgramThatIsNotTheSimulatorIsRefused() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let cases: [(script: String, expected: String)] = [
            (#"echo '{"format":1,"version":"0.0.1-other"}'; cat >/dev/null"#, "is version 0.0.1-other"),
            (#"echo '{"format":1,"version":"\u001b[31mX\u0007"}'; cat >/dev/null"#, "is version \\x1b[31mX\\x07"),
            (#"printf 'HTTP/1.1 200 OK\033[2J\n'; sleep 600"#, "did not answer as chorus-doctor-sim does"),
            (#"head -c 100000 /dev/zero; sleep 600"#, "did not answer as chorus-doctor-sim does"),
            ("exit 3", "ended before it was listening"),
        ]
        for (index, (script, expected)) in cases.enumerated() {
            let program = home.url.appendingPathComponent("impostor-\(index)")
            try await ExecutableScript.write("#!/bin/sh\n" + script + "\n", to: program)
            let run = try await ChorusBinary.run(["demo"], home: home.url, env: ["CHORUS_DOCTOR_SIM": program.path])
            #expect(run.status == 70, "\(script): \(run.all)")
            #expect(run.flowingErrors.contains(expected), "\(script): \(run.stderr)")
            #expect(!run.all.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(script)")
        }
    }

    /// A program that never says where it listens is ended at the limit (30 s; here it passes as soon as the program
    /// has started a child of its own), with whatever it started, and the reason given.
    @Test func aSilentProgramIsEndedAtTheLimit() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let started = home.url.appendingPathComponent("started")
        let program = home.url.appendingPathComponent("silent")
        try await ExecutableScript.write("#!/bin/sh\nsleep 600 &\necho $$ $! > '\(started.path)'\nwait\n", to: program)
        let errors = await Self.demoReachesTheLimit(home: home, program: program, started: started)
        #expect(errors.contains("did not say where it listens"), "\(errors)")
        await Self.expectEnded(listedIn: started, "the silent program")
    }

    /// `demo` with `program` in the simulator's place and a clock whose limit passes once `started` exists: the
    /// simulator never starts, the body never runs; what the tool said on standard error.
    static func demoReachesTheLimit(home: TemporaryHome, program: URL, started: URL) async -> String {
        let redactor = Redactor()
        let console = BufferConsole(redactor: redactor)
        let environment = ["HOME": home.url.path, SimulatorProgram.environmentKey: program.path]
        let ctx = DoctorContext(
            console: console, environment: environment, paths: Paths(environment: environment),
            clock: LimitPassingWhen(exists: started), strings: Strings(language: .en), library: .embedded,
            redactor: redactor, makeTransport: { _ in UnstubbedTransport(sourceLocation: #_sourceLocation) })
        await #expect(throws: (any Error).self) {
            try await DemoSimulator.with(ctx, scenario: .healthy, variants: []) { _ in
                Issue.record("the body ran")
            }
        }
        return console.errors
    }

    /// Every process whose id a program wrote to `file` (itself, what it started) is gone.
    static func expectEnded(
        listedIn file: URL, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let pids =
            (try? String(contentsOf: file, encoding: .utf8))?.split(separator: " ").compactMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            } ?? []
        for pid in pids {
            let gone = await Poll.until(limit: .seconds(30)) { !isRunning(pid) }
            #expect(gone, "process \(pid) of \(what) is still running", sourceLocation: sourceLocation)
        }
    }

    #if os(Linux)
        /// The simulator's program gets none of the tool's descriptors but its standard streams: here a file the
        /// tool holds open (without close-on-exec, as Foundation writes files) is not in the child's list.
        @Test func theProgramInheritsNoOtherDescriptor() async throws {
            let home = try TemporaryHome()
            defer { home.remove() }
            let started = home.url.appendingPathComponent("started")
            let listing = home.url.appendingPathComponent("descriptors")
            let program = home.url.appendingPathComponent("listing")
            let script = """
                #!/bin/sh
                find /proc/$$/fd/ -mindepth 1 -fprintf '\(listing.path)' '%f %l\\n'
                sleep 600 &
                echo $$ $! > '\(started.path)'
                wait

                """
            try await ExecutableScript.write(script, to: program)
            let planted = open(home.url.appendingPathComponent("held").path, O_WRONLY | O_CREAT, 0o600)
            try #require(planted > 2)
            defer { close(planted) }
            _ = await Self.demoReachesTheLimit(home: home, program: program, started: started)
            // The shell's descriptors, listed by a child of it that writes the list itself (no redirection in the
            // shell): its standard streams, and the script it reads; neither the file the tool held nor anything else.
            let listed = try String(contentsOf: listing, encoding: .utf8)
            let entries = listed.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).map(String.init) }
            #expect(Set(entries.compactMap { Int32($0[0]) }).isSuperset(of: [0, 1, 2]), "\(listed)")
            for entry in entries where entry.count == 2 && !["0", "1", "2"].contains(entry[0]) {
                #expect(entry[1] == program.path, "descriptor \(entry[0]) inherited: \(entry[1])")
            }
            #expect(!listed.contains(home.url.appendingPathComponent("held").path), "inherited: \(listed)")
            await Self.expectEnded(listedIn: started, "the listing program")
        }
    #endif

    /// Time in which every wait ends once `file` exists.
    struct LimitPassingWhen: TimeSource {
        let exists: URL
        func now() -> Date { Date() }
        func elapsed() -> Duration { .zero }
        func sleep(for duration: Duration) async throws {
            _ = await Poll.until(limit: .seconds(60)) { FileManager.default.fileExists(atPath: exists.path) }
        }
    }

    /// `sim` is the same process afterwards (its pid, its signals, its exit status), running chorus-doctor-sim.
    @Test func simBecomesTheSimulatorProgram() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let process = Process()
        process.executableURL = ChorusBinary.url
        process.arguments = ["--lang", "fr", "sim", "--port", "0", "--save-profile", "via-sim"]
        process.environment = ChorusBinary.environment(home: home.url)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let profile = home.profiles.appendingPathComponent("via-sim.yaml")
        let saved = await Poll.until(every: .milliseconds(50), limit: .seconds(30)) {
            FileManager.default.fileExists(atPath: profile.path) || !process.isRunning
        }
        let image = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.processIdentifier)/exe")
        process.terminate()
        await ProgramRun.exit(of: process)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(saved && FileManager.default.fileExists(atPath: profile.path), "\(text)")
        #expect(image?.hasSuffix("/chorus-doctor-sim") == true, "\(image ?? "no /proc")")
        #expect(process.terminationStatus == 0)
        // `--lang fr`, written before `sim`, reached the simulator.
        #expect(text.contains("Simulateur arrêté."), "\(text)")
    }

    /// The demo's simulator ends with the demo, however the demo ends: here it is killed mid-check (SIGKILL, no
    /// chance to clean up), and its child, whose input was the demo's pipe, leaves on its own.
    @Test func theSimulatorNeverOutlivesTheDemo() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let demo = Process()
        demo.executableURL = ChorusBinary.url
        demo.arguments = ["demo", "--scenario", "token-timeout", "--timeout", "120"]
        demo.environment = ChorusBinary.environment(home: home.url)
        demo.standardOutput = FileHandle.nullDevice
        demo.standardError = FileHandle.nullDevice
        try demo.run()
        let child = await Poll.first(every: .milliseconds(50), limit: .seconds(30)) {
            Self.children(of: demo.processIdentifier).first
        }
        kill(demo.processIdentifier, SIGKILL)
        await ProgramRun.exit(of: demo)
        let simulator = try #require(child, "demo started no child")
        let gone = await Poll.until(every: .milliseconds(50), limit: .seconds(30)) { !Self.isRunning(simulator) }
        if !gone { kill(simulator, SIGKILL) }
        #expect(gone, "chorus-doctor-sim \(simulator) outlived the demo")
    }

    /// The processes whose parent is `pid` (Linux's /proc).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { candidate in
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            // `pid (name) state ppid …`: the name may hold spaces, so read after its closing parenthesis.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == pid
        }
    }

    /// Alive and not a zombie.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }
}
