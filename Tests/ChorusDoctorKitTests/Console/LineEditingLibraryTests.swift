import ChorusTransport
import Testing

@testable import ChorusDoctorKit

/// libedit opened at first use (`EditLineLibrary`, the C loader in `Sources/CEditLine`), and what the wizard's
/// terminal gets when it cannot be: plain lines after one warning, never a failed wizard.
@Suite struct LineEditingLibraryTests {
    @Test(arguments: [Language.en, .fr])
    func withoutLibeditATerminalReadsPlainLinesAfterOneWarning(_ language: Language) throws {
        let test = try TestContext(language: language, terminal: true)
        defer { test.cleanUp() }
        let failure = try #require(EditLineLibrary.failure(opening: ["libnothere.so.9"]))

        let reader = LineReaders.terminal(test.context, editLine: failure)

        #expect(reader is PlainLineReader)
        let warning = test.console.errors
        #expect(warning.contains("libedit (libnothere.so.9)"), "\(warning)")
        #expect(warning.contains(failure.reason), "the loader's own words: \(warning)")
        #expect(warning.contains("apt-get install libedit2"), "\(warning)")
        #expect(warning.contains(language == .fr ? "Édition de ligne désactivée" : "Line editing is off"), "\(warning)")
        #expect(test.console.output.isEmpty)
    }

    #if os(Linux)
        @Test func aLibraryWithoutLibeditsFunctionsNamesTheFirstOneMissing() throws {
            let failure = try #require(EditLineLibrary.failure(opening: ["libz.so.1"]))
            #expect(failure.library == "libz.so.1")
            #expect(failure.symbol == "readline")
        }
    #endif

    @Test func aFailedTryLeavesTheProcesssLibeditUsable() {
        #expect(EditLineLibrary.failure(opening: ["libnothere.so.9"]) != nil)
        #expect(EditLineLibrary.failure == nil)
    }
}
