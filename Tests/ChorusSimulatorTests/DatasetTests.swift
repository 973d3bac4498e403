import Foundation
import Testing

@testable import ChorusSimulator

@Suite("Qualification dataset")
struct DatasetTests {
    let dataset = SimulatorDataset.qualification(now: Date())

    @Test("every SIRET is 14 digits passing Luhn, and unique")
    func sirets() {
        let sirets = dataset.structures.map(\.siret) + [SimulatorDataset.unknownSiret]
        for siret in sirets {
            #expect(Siret.isValid(siret), "\(siret)")
            #expect(Siret.passesLuhn(String(siret.prefix(9))), "SIREN of \(siret)")
        }
        #expect(Set(sirets).count == sirets.count)
        #expect(dataset.structure(siret: SimulatorDataset.unknownSiret) == nil)
        #expect(!Siret.isValid("95260181300018"))
        #expect(Siret.completing("9526018130001") == "95260181300019")
    }

    @Test("every entity of the guide is there, with its parameters")
    func entities() throws {
        for entity in DatasetStructure.Entity.allCases {
            #expect(dataset.structure(entity) != nil, "\(entity)")
        }
        #expect(dataset.structure(.recipientWithMandatoryService)?.parameters.codeServiceDoitEtreRenseigne == true)
        #expect(dataset.structure(.recipientWithMandatoryEJ)?.parameters.numeroEJDoitEtreRenseigne == true)
        #expect(dataset.structure(.recipientWithMandatoryEJOrService)?.parameters.gestionNumeroEJOuCodeService == true)
        let plain = try #require(dataset.structure(.recipientWithoutParameter)?.parameters)
        #expect(
            !plain.codeServiceDoitEtreRenseigne && !plain.numeroEJDoitEtreRenseigne
                && !plain.gestionNumeroEJOuCodeService)
        #expect(dataset.structure(.inactive)?.isActive == false)
        #expect(dataset.supplier.isPublic == false)
        let services = try #require(dataset.structure(.recipientWithMandatoryService)?.services)
        #expect(services.count > 20)
        #expect(services.contains { !$0.isActive })
        #expect(services.filter(\.requiresEngagementNumber).count == 1)
        #expect(
            Set(dataset.structures.flatMap(\.services).map(\.idService)).count
                == dataset.structures.flatMap(\.services).count)
    }

    @Test("flows cover the states a report can show")
    func flows() {
        let states = Set(dataset.flows.map(\.state))
        #expect(states == [.integrated, .rejected, .incident, .partiallyIntegrated, .processing])
        #expect(dataset.flow(SimulatorDataset.DepositNumber.rejected)?.paymentRequestErrors.count == 2)
        #expect(dataset.flow(SimulatorDataset.DepositNumber.incident)?.technicalErrors.isEmpty == false)
    }

    @Test("scenarios change the world, not the words", arguments: Scenario.allCases)
    func worlds(scenario: Scenario) {
        let now = Date()
        let world = scenario.world(now: now)
        let configured = SimulatedWorld.configured(now: now)
        let changed =
            world.application != configured.application || world.raccordement != configured.raccordement
            || world.technicalAccount != configured.technicalAccount || world.condition != configured.condition
            || world.dataset != configured.dataset
        #expect(changed == (scenario != .healthy && scenario.demoAdjustment == nil))
    }
}
