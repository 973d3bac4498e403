import ChorusSimulator
import Foundation
import Testing

/// SIMULATOR-LEDGER.md lists every behaviour the simulator plays; each unverified one is a variant.
@Suite struct LedgerTests {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    @Test func everyVariantIsInTheLedgerAndDesign() throws {
        let ledger = try String(contentsOf: Self.root.appendingPathComponent("SIMULATOR-LEDGER.md"), encoding: .utf8)
        let design = try String(contentsOf: Self.root.appendingPathComponent("DESIGN.md"), encoding: .utf8)
        for variant in PlatformVariant.allCases {
            #expect(ledger.contains("`\(variant.rawValue)`"), "\(variant.rawValue) missing from the ledger")
            #expect(design.contains("`\(variant.rawValue)`"), "\(variant.rawValue) missing from DESIGN.md")
        }
    }

    @Test func eachBehaviourHasADefaultAndAnAlternative() {
        for behaviour in UnverifiedBehaviour.allCases {
            #expect(behaviour.variants.count >= 2, "\(behaviour.rawValue)")
            #expect(behaviour.variants.first?.isDefault == true)
        }
        #expect(PlatformBehaviours().nonDefault.isEmpty)
        let chosen = PlatformBehaviours([.secret400, .secret401, .healthCheckLenient])
        #expect(chosen.plays(.secret401) && chosen.plays(.healthCheckLenient))
        #expect(chosen.nonDefault == [.healthCheckLenient])
    }
}
