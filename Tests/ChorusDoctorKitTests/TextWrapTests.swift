import Foundation
import Testing

@testable import ChorusDoctorKit

/// The one wrapping every human output goes through.
@Suite struct TextWrapTests {
    /// GIVEN prose with a command in backticks, WHEN wrapped at widths from 30 to 100, THEN no line is wider than the
    /// width, the command is on one line, and the words come back in order.
    @Test(arguments: [30, 41, 55, 80, 100])
    func neverWiderAndNeverSplitsACommand(_ width: Int) {
        let text =
            "Have the main manager set a new password (Raccordements → Compte technique), then "
            + "`chorus-doctor profile set --profile other technical_password` and update the billing software."
        let lines = TextWrap.wrap(text, width: width, first: "  1. ", rest: "     ")
        for line in lines where !line.contains("`chorus-doctor") {
            #expect(TextWrap.displayWidth(line) <= width, "\(line)")
        }
        let joined = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.replacingOccurrences(of: " \\ ", with: " ").hasSuffix("billing software."))
        if width >= 70 {
            #expect(lines.contains { $0.contains("`chorus-doctor profile set --profile other technical_password`") })
        }
    }

    /// A command longer than the line is broken between its words with a shell continuation, so it still pastes.
    @Test func aCommandTooLongForTheLineGetsAContinuation() {
        let command = "`chorus-doctor profile set --profile a-long-profile-name technical_password_expiry 2027-05-07`"
        let lines = TextWrap.wrap("Run " + command + " now.", width: 40, first: "", rest: "  ")
        #expect(lines.allSatisfy { TextWrap.displayWidth($0) <= 40 }, "\(lines)")
        let continued = lines.filter { $0.hasSuffix(" \\") }
        #expect(!continued.isEmpty)
        let rejoined = lines.joined(separator: "\n").replacingOccurrences(of: " \\\n", with: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(rejoined.contains(command))
    }

    /// French punctuation stays with its word: no line starts with « : ; ! ? » », none ends with «.
    @Test func frenchPunctuationStaysWithItsWord() {
        let text = String(
            repeating: "Sur PISTE, ouvrez « Consulter le secret » : recopiez-le ; puis relancez ! Vraiment ? Oui. ",
            count: 4)
        for width in 20...70 {
            for line in TextWrap.wrap(text, width: width, first: "", rest: "") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                #expect(!TextWrap.closers.contains(String(trimmed.prefix(1))), "width \(width): \(line)")
                #expect(!trimmed.hasSuffix("«"), "width \(width): \(line)")
            }
        }
    }

    /// Display width: an accented capital takes one column (composed or not), colour codes none, CJK two.
    @Test func displayWidth() {
        #expect(TextWrap.displayWidth("[ÉCHEC]") == 7)
        #expect(TextWrap.displayWidth("[E\u{301}CHEC]") == 7)
        #expect(TextWrap.displayWidth("\u{1B}[31m[FAIL]\u{1B}[0m") == 6)
        #expect(TextWrap.displayWidth("日本") == 4)
        #expect(TextWrap.pad("[ ok ]", to: 7) == "[ ok ] ")
    }

    /// A block: lines that fit are untouched; a long list item continues under its text; a table row under its
    /// second column; a long URL is never cut.
    @Test func fitKeepsIndentsMarkersAndColumns() {
        let url = "https://communaute.chorus-pro.gouv.fr/documentation/creation-dun-compte-technique-pour-un-acces/"
        let block = [
            "short line",
            "      2. " + String(repeating: "word ", count: 30),
            "  tech-wrong-password        " + String(repeating: "the password was changed ", count: 4),
            "Documentation: " + url,
        ].joined(separator: "\n")
        let lines = TextWrap.fit(block, width: 60).split(separator: "\n").map(String.init)
        #expect(lines[0] == "short line")
        #expect(lines[1].hasPrefix("      2. word"))
        #expect(lines[2].hasPrefix("         word"))
        let row = try! #require(lines.firstIndex { $0.hasPrefix("  tech-wrong-password        the") })
        #expect(lines[row + 1].hasPrefix(String(repeating: " ", count: 29)))
        #expect(lines[row + 1].dropFirst(29).first != " ")
        #expect(lines.contains(url))
        for line in lines where !line.contains(url) { #expect(TextWrap.displayWidth(line) <= 60, "\(line)") }
    }

    /// `COLUMNS` decides when set (as for `--help`); unusable values fall back to 80.
    @Test func widthFromTheEnvironment() {
        #expect(TerminalWidth.requested(["COLUMNS": "132"]) == 132)
        #expect(TerminalWidth.requested(["COLUMNS": "abc"]) == nil)
        #expect(TerminalWidth.requested(["COLUMNS": "5"]) == 20)
        #expect(TerminalWidth.current(environment: [:], descriptor: -1) == 80)
    }
}
