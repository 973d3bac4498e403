import Foundation

extension SimulatorDataset {
    /// The invoices of the dataset's integrated flows: the integrated one's, paid long ago; the one the partially
    /// integrated flow kept, waiting at the buyer's (MISE_A_DISPOSITION); and the one of the flow deposited as the
    /// simulator starts, appearing once its flow is integrated (3 s) and going through the whole lifecycle.
    static func invoices(structures: [DatasetStructure], now: Date) -> [PlatformInvoice] {
        let flows = Self.flows(structures: structures, now: now)
        let supplier = structures[0].idStructureCPP
        func make(
            _ index: Int64, _ number: String, flow: String, buyer entity: DatasetStructure.Entity, total: Double,
            lifecycle: [PlatformInvoice.Step]
        ) -> PlatformInvoice? {
            guard let flow = flows.first(where: { $0.numeroFluxDepot == flow }),
                let buyer = structures.first(where: { $0.entity == entity })
            else { return nil }
            let integrated = flow.progression.last.map { flow.depositedAt.addingTimeInterval($0.after) }
            return PlatformInvoice(
                identifiantFactureCPP: 8_316_700 + index, numeroFacture: number, numeroFluxDepot: flow.numeroFluxDepot,
                modeDepot: "DEPOT_API", typeFacture: "FACTURE", dateFacture: ChorusDate.day(flow.depositedAt),
                depositedAt: integrated ?? flow.stateChangedAt, supplierID: supplier, buyerID: buyer.idStructureCPP,
                buyerSiret: buyer.siret, serviceCode: nil, commitmentNumber: nil, montantHT: total / 1.2,
                montantTTC: total, montantAPayer: total, devise: "EUR", lifecycle: lifecycle)
        }
        let waiting: [PlatformInvoice.Step] = [
            .init(after: 0, status: .deposited), .init(after: 60, status: .routing),
            .init(after: 600, status: .madeAvailable),
        ]
        return [
            make(
                0, "F-DEMO-0100", flow: DepositNumber.integrated, buyer: .recipient, total: 1_200,
                lifecycle: PlatformInvoice.lifecycle(numeroFacture: "F-DEMO-0100")),
            make(
                1, "F-DEMO-0106", flow: DepositNumber.partiallyIntegrated, buyer: .recipient2, total: 480,
                lifecycle: waiting),
            make(
                2, "F-DEMO-0112", flow: DepositNumber.progressing, buyer: .recipientWithoutParameter, total: 360,
                lifecycle: PlatformInvoice.lifecycle(numeroFacture: "F-DEMO-0112")),
        ].compactMap { $0 }
    }
}
