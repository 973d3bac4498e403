import Foundation
import Testing

@testable import ChorusDoctorKit

@Suite struct FieldValidationTests {
    @Test(arguments: ["73282932000074", "732 829 320 00074", "35600000000010"])
    func acceptsValidSirets(_ value: String) throws {
        guard case .success = FieldValidation.siret(value) else {
            Issue.record("\(value) should be valid")
            return
        }
    }

    @Test(arguments: ["73282932000075", "7328293200007", "7328293200007A", "", "123456789"])
    func refusesInvalidSirets(_ value: String) {
        guard case .failure = FieldValidation.siret(value) else {
            Issue.record("\(value) should be refused")
            return
        }
    }

    /// The 14 digits as they are and the same with a space give the same answer, and it is the textbook one
    /// (`reference`): random digits, and La Poste's SIREN whose SIRETs use a digit sum.
    @Test func bothPathsAgreeOnTheChecksum() {
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for round in 0..<20_000 {
            let tail = (0..<(round % 2 == 0 ? 14 : 5)).map { _ in String(Int.random(in: 0...9, using: &generator)) }
            let digits = (round % 2 == 0 ? "" : "356000000") + tail.joined()
            let fast = FieldValidation.siret(digits)
            let general = FieldValidation.siret(" " + digits)
            #expect(FieldValidation.fourteenDigitChecksum(digits) == Self.reference(digits))
            switch (fast, general) {
            case (.success(let value), .success(let other)):
                #expect(value == digits && other == digits)
                accepted += 1
            case (.failure(let problem), .failure(let other)):
                #expect(problem.key == "validation.siret.checksum" && other.key == problem.key, "\(digits)")
            default: Issue.record("\(digits): \(fast) but \(general) with a space")
            }
        }
        // About a tenth pass Luhn and a fifth the digit sum: both outcomes were tried many times.
        #expect(accepted > 1_000 && accepted < 5_000, "\(accepted)")
    }

    /// Luhn as it is usually written (from the right, every second digit doubled, 9 taken off above 9), or the digit
    /// sum for La Poste's SIREN 356000000.
    static func reference(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        if digits.hasPrefix("356000000") { return values.reduce(0, +) % 5 == 0 }
        let sum = values.reversed().enumerated().reduce(0) { sum, pair in
            let doubled = pair.offset % 2 == 1 ? pair.element * 2 : pair.element
            return sum + (doubled > 9 ? doubled - 9 : doubled)
        }
        return sum % 10 == 0
    }
}
