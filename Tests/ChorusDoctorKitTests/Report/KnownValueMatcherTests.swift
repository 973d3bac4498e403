import Foundation
import Testing

@testable import ChorusDoctorKit

@Suite struct KnownValueMatcherTests {
    private func matcher(_ values: [(String, String, Bool)]) -> KnownValueMatcher {
        KnownValueMatcher(values.map { .init(bytes: Array($0.0.utf8), replacement: $0.1, whole: $0.2) })
    }

    @Test func replacesEveryOccurrenceOfEveryValue() {
        let found = matcher([("s3cret", "[A]", false), ("tok-123", "[B]", false)])
        #expect(found.replace(in: "x s3cret y tok-123 s3crets3cret") == "x [A] y [B] [A][A]")
        #expect(found.replace(in: "nothing here") == "nothing here")
    }

    /// Two secrets that share bytes: the region covering both goes, labelled by the longer, so no byte of either
    /// is left (one after the other, the shorter one found first would leave the longer one's tail).
    @Test func overlappingValuesLeaveNoByteOfEither() {
        let found = matcher([("abcd", "[SHORT]", false), ("cdefghij", "[LONG]", false)])
        let result = found.replace(in: "<abcdefghij>")
        #expect(result == "<[LONG]>")
        for piece in ["ab", "cd", "ef", "ij"] { #expect(!result.contains(piece)) }
    }

    @Test func nonASCIIValuesMatchOnTheirBytes() {
        let found = matcher([("mötdepässe€", "[P]", false)])
        #expect(found.replace(in: "é mötdepässe€ à") == "é [P] à")
    }

    /// Short values only where they stand whole: a JSON string value (not a key), a form value; never inside a
    /// word, so a one-character secret does not garble every line.
    @Test func shortValuesOnlyWhereTheyStandWhole() {
        let found = matcher([("x", "[S]", true)])
        #expect(found.replace(in: #"{"a": "x", "x": "box"}"#) == #"{"a": "[S]", "x": "box"}"#)
        #expect(found.replace(in: "a=x&b=x") == "a=[S]&b=[S]")
        #expect(found.replace(in: "a=x") == "a=[S]")
        #expect(found.replace(in: "a=xy") == "a=xy")
        #expect(found.replace(in: "the x files") == "the x files")
    }

    /// Random secrets planted at random places in random text (including inside each other's neighbourhood):
    /// none survives, and the text outside them is kept.
    @Test func plantedRandomSecretsNeverSurvive() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEF0123456789-_=+/ é\"'{}:,")
        for _ in 0..<200 {
            let secrets = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                String((0..<Int.random(in: 8...24, using: &generator)).map { _ in alphabet.randomElement()! })
            }
            let found = matcher(secrets.map { ($0, "[R]", false) })
            var text = ""
            for _ in 0..<10 {
                text += String((0..<Int.random(in: 0...20, using: &generator)).map { _ in alphabet.randomElement()! })
                text += secrets.randomElement()!
            }
            let result = found.replace(in: text)
            for secret in secrets { #expect(!result.contains(secret), "\(secret) left in \(result)") }
        }
    }
}
