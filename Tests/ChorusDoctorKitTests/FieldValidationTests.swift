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
}
