import Foundation
import Testing

@testable import ChorusDoctorKit

/// The table of `check --all`: in the output's language (no English word in French), columns aligned in display
/// columns whatever the accents (« RÉSULTAT », « ÉCHEC »).
@Suite struct FleetTableTests {
    static func row(
        _ profile: String, _ environment: String, _ status: FleetReport.Status, failure: StageID? = nil,
        diagnosis: String? = nil, error: String? = nil, ms: Double
    ) -> FleetReport.Row {
        FleetReport.Row(
            profile: profile, environment: environment, status: status, firstFailure: failure,
            diagnosisId: diagnosis, message: "", durationMs: ms,
            expiry: status == .pass ? FleetReport.Expiry(date: "2027-06-30", days: 220, source: .platform) : nil,
            error: error)
    }

    static let report = FleetReport(
        startedAt: Fixture.now, durationMs: 2345, jobs: 4,
        profiles: [
            row("acme", "sandbox", .pass, ms: 212),
            row("régie-été", "production", .fail, failure: .token, diagnosis: "token.invalid-client", ms: 1520),
            row("beta", "sandbox", .fail, failure: .account, diagnosis: "account.bad-credentials", ms: 640),
            row("gamma", "sandbox", .warn, ms: 98),
        ])

    static func lines(_ language: Language, width: Int = 1000) throws -> [String] {
        let test = try TestContext(language: language)
        defer { test.cleanUp() }
        var ctx = test.context
        ctx.console = BufferConsole(redactor: ctx.redactor, width: width)
        ctx.console.show(FleetText(ctx: ctx).render(report))
        return (ctx.console as! BufferConsole).output.split(separator: "\n").map(String.init)
    }

    /// The display column each cell of `line` starts at (cells are separated by two spaces or more).
    static func starts(_ line: String) -> [Int] {
        var starts: [Int] = []
        var column = 0
        var spaces = 2
        for character in line {
            if character == " " {
                spaces += 1
            } else {
                if spaces >= 2 { starts.append(column) }
                spaces = 0
            }
            column += TextWrap.displayWidth(String(character))
        }
        return starts
    }

    @Test func frenchHasNoEnglishWordAndStaysAligned() throws {
        let lines = try Self.lines(.fr)
        let table = Array(lines[1...5])
        let text = table.joined(separator: "\n")
        for english in [" ok ", "FAIL", "sandbox", "token ", "account ", "warnings", "passed"] {
            #expect(!text.contains(english), "« \(english) » in: \(text)")
        }
        #expect(text.contains("ÉCHEC : compte"), "\(text)")
        #expect(text.contains("ÉCHEC : jeton") && text.contains("qualification") && text.contains("réussi"))
        #expect(text.contains("1,5 s"), "a French decimal comma")
        #expect(lines.last { $0.contains("profil(s) en") }?.contains("2,3 s") == true)
        let header = Self.starts(table[0])
        #expect(header.count == 6)
        for line in table.dropFirst() {
            // The duration is right-aligned: the other cells start where their header does.
            #expect(Array(Self.starts(line).prefix(5)) == Array(header.prefix(5)), "\(line)")
            #expect(TextWrap.displayWidth(line) == TextWrap.displayWidth(table[0]), "\(line)")
        }
    }

    @Test func englishNamesTheStagesAndStaysAligned() throws {
        let table = Array(try Self.lines(.en)[1...5])
        #expect(table.joined().contains("FAIL at token") && table.joined().contains("FAIL at account"))
        let header = Self.starts(table[0])
        for line in table.dropFirst() {
            #expect(Array(Self.starts(line).prefix(5)) == Array(header.prefix(5)), "\(line)")
        }
    }

    /// At 80 columns the table still fits and stays aligned (the time, then the environment, give way); narrower, one
    /// block per profile. No line is ever wider than the terminal.
    @Test(arguments: [Language.fr, .en], [80, 60, 40])
    func theTableFitsTheTerminal(_ language: Language, _ width: Int) throws {
        let lines = try Self.lines(language, width: width)
        for line in lines { #expect(TextWrap.displayWidth(line) <= width, "\(line)") }
        let text = lines.joined(separator: "\n")
        for cell in ["token.invalid-client", "account.bad-credentials", "régie-été"] {
            #expect(text.contains(cell), "\(width): \(text)")
        }
        guard width >= 60 else { return }
        let table = Array(lines[1...5])
        let header = Self.starts(table[0])
        #expect(header.count >= 3, "\(text)")
        for line in table.dropFirst() { #expect(Array(Self.starts(line).prefix(header.count)) == header, "\(line)") }
    }
}
