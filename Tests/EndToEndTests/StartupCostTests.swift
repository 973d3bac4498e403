import ChorusTestSupport
import Foundation
import Testing

/// Start-up work that a build setting or a line of code can bring back unnoticed.
@Suite struct StartupCostTests {
    static let commandSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/ChorusCommandLine")

    /// Without `commandName`, ArgumentParser derives each command's name with `String(describing:)`, which costs a
    /// scan of every protocol conformance in the binary per command at every start (an eighth of `--help`'s CPU).
    @Test func everyCommandNamesItself() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.commandSources.path)
            .filter { $0.hasSuffix(".swift") }
        var unnamed: [String] = []
        var configurations = 0
        for file in files {
            let text = try String(contentsOf: Self.commandSources.appendingPathComponent(file), encoding: .utf8)
            var rest = text[...]
            while let start = rest.range(of: "CommandConfiguration(") {
                configurations += 1
                let opening = rest[start.upperBound...].drop { $0 == " " || $0 == "\n" }
                if !opening.hasPrefix("commandName:") {
                    let line = text[..<start.lowerBound].filter { $0 == "\n" }.count + 1
                    unnamed.append("\(file):\(line)")
                }
                rest = rest[start.upperBound...]
            }
        }
        #expect(configurations > 20)
        #expect(unnamed.isEmpty, "commands without commandName: \(unnamed)")
    }

    #if os(Linux)
        /// libcurl and libedit are opened at first use, not linked (`Sources/CCurl`, `Sources/CEditLine`): a command
        /// that makes no HTTP call and reads no line loads neither, nor the dozen libraries libcurl brings.
        @Test(arguments: [["--help"], ["explain", "HTTP 401 on /api/oauth/token"], ["profile", "list"]])
        func aCommandWithoutHTTPNorLineEditingLoadsNeitherLibrary(_ arguments: [String]) async throws {
            let home = try TemporaryHome()
            defer { home.remove() }
            let run = try await ChorusBinary.run(arguments, home: home.url, env: ["LD_DEBUG": "files"])
            #expect(run.status == 0, "\(run.stdout)")
            let loaded = Self.loadedLibraries(run.stderr)
            #expect(loaded.contains("libFoundation.so"), "the dynamic loader's trace is read: \(loaded)")
            #expect(!loaded.contains { $0.hasPrefix("libcurl") }, "\(loaded)")
            #expect(!loaded.contains { $0.hasPrefix("libedit") }, "\(loaded)")
            #expect(!loaded.contains { $0.hasPrefix("libssl") || $0.hasPrefix("libnghttp2") }, "\(loaded)")
        }

        /// The link itself: no `NEEDED` entry for either library (SwiftPM adds a system library's pkg-config `Libs`, so
        /// a `pkgConfig:` put back on CCurl or CEditLine would bring one back).
        @Test func theExecutableNeedsNeitherLibrary() async throws {
            let run = try await ProgramRun.run(tool: "readelf", ["-d", ChorusBinary.url.path])
            try #require(run.status == 0, "readelf (binutils): \(run.stderr)")
            let needed = run.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
            #expect(needed.contains { $0.contains("[libc.so.6]") }, "readelf's table is read: \(run.stdout)")
            #expect(!needed.contains { $0.contains("libcurl") || $0.contains("libedit") }, "\(needed)")
        }

        /// `demo` checks the simulator over HTTP: libcurl is loaded then, once; libedit still is not (no terminal).
        @Test func aCheckLoadsLibcurl() async throws {
            let home = try TemporaryHome()
            defer { home.remove() }
            let run = try await ChorusBinary.run(["demo"], home: home.url, env: ["LD_DEBUG": "files"])
            #expect(run.status == 0, "\(run.stdout)")
            let loaded = Self.loadedLibraries(run.stderr)
            #expect(loaded.filter { $0 == "libcurl.so.4" }.count == 1, "\(loaded)")
            #expect(!loaded.contains { $0.hasPrefix("libedit") }, "\(loaded)")
        }

        /// The file names glibc's `LD_DEBUG=files` trace says it loaded ("file=libcurl.so.4 [0];  needed by …"), once
        /// per loading.
        static func loadedLibraries(_ trace: String) -> [String] {
            trace.split(separator: "\n").compactMap { line in
                guard let start = line.range(of: "file="),
                    line.contains("needed by") || line.contains("dynamically loaded by")
                else { return nil }
                let name = line[start.upperBound...].prefix { $0 != " " && $0 != "\t" && $0 != ";" }
                return String(name.split(separator: "/").last ?? name)
            }
        }
    #endif
}
