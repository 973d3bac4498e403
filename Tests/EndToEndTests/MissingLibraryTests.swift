import ChorusTestSupport
import Foundation
import Testing

#if os(Linux)
    /// A machine whose libcurl or libedit cannot be used: made here with `LD_LIBRARY_PATH` naming a folder where
    /// `libcurl.so.4` (or `libedit.so.2`) is a copy of zlib, found first, which opens but has none of the functions.
    /// Nothing crashes: the check says which library and what to install, the wizard goes on with plain lines.
    @Suite struct MissingLibraryTests {
        @Test(arguments: ["en", "fr"])
        func aCheckWithoutAUsableLibcurlSaysWhatToInstall(_ language: String) async throws {
            try await Self.withLibrary(impersonating: "libcurl.so.4") { libraries, home in
                let run = try await ChorusBinary.run(
                    ["demo", "--lang", language], home: home.url, env: ["LD_LIBRARY_PATH": libraries.path])
                #expect(run.status == 1, "the check failed and said so: \(run.all)")
                let text = run.flowing
                #expect(text.contains("curl_easy_init"), "the loader's own words: \(text)")
                #expect(text.contains("libcurl (libcurl.so.4)"), "\(text)")
                #expect(text.contains("apt-get install libcurl4"), "\(text)")
                #expect(
                    text.contains(language == "fr" ? "n'a pas pu être chargée" : "could not be loaded on this machine"),
                    "\(text)")
                #expect(!run.all.contains("Program crashed") && !run.all.contains("Fatal error"), "\(run.all)")
            }
        }

        @Test(arguments: ["en", "fr"])
        func anInvoiceWithoutAUsableLibxml2SaysWhatToInstall(_ language: String) async throws {
            try await Self.withLibrary(impersonating: "libxml2.so.2") { libraries, home in
                let file = home.url.appendingPathComponent("F-2026-001.xml")
                try Data("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>".utf8).write(
                    to: file)
                let run = try await ChorusBinary.run(
                    ["invoice", "analyze", file.path, "--offline", "--lang", language], home: home.url,
                    env: ["LD_LIBRARY_PATH": libraries.path])
                #expect(run.status == 1, "the analysis failed and said so: \(run.all)")
                let text = run.flowing
                #expect(text.contains("[xml.reader-missing]"), "\(text)")
                #expect(!text.contains("[xml.malformed]"), "a file that was not read is not called broken: \(text)")
                #expect(text.contains("libxml2 (libxml2.so.2)"), "\(text)")
                #expect(text.contains("xmlInitParser"), "the loader's own words: \(text)")
                #expect(text.contains("apt-get install libxml2"), "\(text)")
                #expect(text.contains(language == "fr" ? "n'a pas pu être chargée" : "could not be loaded"), "\(text)")
                #expect(!run.all.contains("Program crashed") && !run.all.contains("Fatal error"), "\(run.all)")
            }
        }

        /// Only reading an invoice opens libxml2: the tool starts, and a command that reads no XML runs, where it is
        /// unusable (with Foundation's XMLParser linked in, the loader refused to start the program at all).
        @Test func commandsThatReadNoXMLDoNotNeedLibxml2() async throws {
            try await Self.withLibrary(impersonating: "libxml2.so.2") { libraries, home in
                let run = try await ChorusBinary.run(
                    ["explain", "401"], home: home.url, env: ["LD_LIBRARY_PATH": libraries.path])
                #expect(run.status == 0, "\(run.all)")
            }
        }

        @Test func versionVerboseSaysLibcurlIsUnavailable() async throws {
            try await Self.withLibrary(impersonating: "libcurl.so.4") { libraries, home in
                let run = try await ChorusBinary.run(
                    ["--version", "--verbose"], home: home.url, env: ["LD_LIBRARY_PATH": libraries.path])
                #expect(run.status == 0)
                #expect(run.stdout.contains("libcurl/unavailable ("), "\(run.stdout)")
                #expect(run.stdout.contains("curl_easy_init"), "\(run.stdout)")
            }
        }

        @Test(.enabled(if: WizardTerminal.available, "tmux is not installed"))
        func theWizardWithoutAUsableLibeditGoesOnWithPlainLines() async throws {
            try await Self.withLibrary(impersonating: "libedit.so.2") { libraries, home in
                let environment = [
                    "HOME": home.url.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                    "LD_LIBRARY_PATH": libraries.path,
                ]
                try await WizardTerminal.session(environment: environment) { terminal in
                    try await terminal.type("\(ChorusBinary.url.path) setup")
                    try await terminal.waitFor("Line editing is off: libedit (libedit.so.2) could not be loaded")
                    try await terminal.answer("Profile name [default]:", "")
                    let screen = try await terminal.waitFor("Environment (sandbox or production) [sandbox]:")
                    // The warning is wrapped to the terminal's width: read it as one line.
                    let words = screen.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    #expect(words.contains("apt-get install libedit2"), "\(screen)")
                    #expect(words.contains("undefined symbol: readline"), "the loader's own words: \(screen)")
                    try await terminal.press("C-c")
                    try await terminal.type("echo EXIT=$?")
                    try await terminal.waitFor("EXIT=130")
                    #expect(!terminal.everything.contains("Program crashed"))
                }
            }
        }

        /// Runs `body` with a folder holding a copy of zlib named `name`, and a temporary HOME; removes both.
        static func withLibrary(
            impersonating name: String, _ body: (URL, TemporaryHome) async throws -> Void
        ) async throws {
            let zlib = try #require(Self.loadedFile(named: "libz.so"), "zlib is mapped in this process")
            let home = try TemporaryHome()
            defer { home.remove() }
            let libraries = home.url.appendingPathComponent("lib")
            try FileManager.default.createDirectory(at: libraries, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: URL(fileURLWithPath: zlib), to: libraries.appendingPathComponent(name))
            try await body(libraries, home)
        }

        /// The path of a library this process has mapped whose file name starts with `prefix`.
        static func loadedFile(named prefix: String) -> String? {
            // Read to its end: /proc files give no size, which `String(contentsOfFile:)` takes for an empty file.
            let data = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() ?? Data()
            let maps = String(decoding: data, as: UTF8.self)
            return maps.split(separator: "\n").lazy.compactMap { line -> String? in
                guard let slash = line.firstIndex(of: "/") else { return nil }
                let path = String(line[slash...])
                return (path.split(separator: "/").last ?? "").hasPrefix(prefix) ? path : nil
            }.first
        }
    }
#endif
