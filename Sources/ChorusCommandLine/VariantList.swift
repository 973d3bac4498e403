import ArgumentParser
import ChorusDoctorKit
import ChorusSimulatorCatalogue
import Foundation

/// `--variant NAME` (repeatable) and `--list-variants`, shared by `sim` and `demo`.
package enum VariantList {
    /// The variants named, or a usage error naming every variant.
    package static func parse(_ names: [String]) throws -> [PlatformVariant] {
        try names.map { name in
            guard let variant = PlatformVariant(rawValue: name) else {
                let list = PlatformVariant.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError(HelpText.strings("error.unknown_variant", ["name": name, "list": list]))
            }
            return variant
        }
    }

    package static func text(_ strings: Strings) -> String {
        var text = strings("variant.header") + "\n"
        for behaviour in UnverifiedBehaviour.allCases {
            text += "  \(behaviour.rawValue)\n"
            for variant in behaviour.variants {
                text += "    " + variant.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)
                text += strings("variant.\(variant.rawValue)") + "\n"
            }
        }
        return text
    }
}
