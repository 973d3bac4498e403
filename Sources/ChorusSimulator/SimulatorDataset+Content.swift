import Foundation

extension SimulatorDataset {
    /// The flow numbers of the supplier's deposits, by state.
    public enum DepositNumber {
        /// `IN_INTEGRE`, no error.
        public static let integrated = "CPP0011117000000000100101"
        /// `IN_REJETE`: an unknown service code and a duplicate invoice number.
        public static let rejected = "CPP0011117000000000100102"
        /// `IN_INCIDENTE`: a technical error (file not conforming to its syntax).
        public static let incident = "CPP0011117000000000100103"
        /// `IN_INTEGRE_PARTIEL`: one payment request rejected for its commitment number.
        public static let partiallyIntegrated = "CPP0011117000000000100104"
        /// `IN_EN_COURS_TRAITEMENT_CPP`, deposited a quarter of an hour ago.
        public static let processing = "CPP0011117000000000100105"
        /// Deposited when the simulator starts and moving on its own (for `flow watch`): `IN_RECU`,
        /// `IN_TRAITE_SE_CPP` after 0.5 s, `IN_EN_ATTENTE_TRAITEMENT_CPP` after 1 s, `IN_EN_COURS_TRAITEMENT_CPP`
        /// after 1.5 s, `IN_INTEGRE` after 3 s.
        public static let progressing = "CPP0011117000000000100106"
        /// `IN_REJETE`: the supplier identifier is not referenced and the billing country is wrong.
        public static let rejectedSupplier = "CPP0011117000000000100107"
    }

    /// A few active services, ids counting up from `base`.
    static func services(base: Int64, codes: [String], created: Date) -> [DatasetService] {
        codes.enumerated().map { offset, code in
            DatasetService(
                idService: base + Int64(offset), codeService: code, libelleService: "Service \(code.lowercased())",
                isActive: true, requiresEngagementNumber: false, createdAt: created, validFrom: created, validUntil: nil
            )
        }
    }

    /// More services than two pages hold: one in seven inactive, `MARCHES` (active) requiring a commitment number.
    static func manyServices(base: Int64, created: Date) -> [DatasetService] {
        let codes = [
            "ACHATS", "ARCHIVES", "BATIMENTS", "CULTURE", "DIRECTION", "ECOLES", "ENVIRONNEMENT", "FINANCES",
            "FORMATION", "INFORMATIQUE", "JEUNESSE", "JURIDIQUE", "LOGEMENT", "MARCHES", "MOBILITE", "PARCS",
            "PATRIMOINE", "PERSONNEL", "PREVENTION", "RESTAURATION", "ROUTES", "SANTE", "SECURITE", "SOCIAL",
            "SPORTS", "TOURISME", "URBANISME",
        ]
        let day: TimeInterval = 86_400
        return codes.enumerated().map { offset, code in
            let active = offset % 7 != 3
            return DatasetService(
                idService: base + Int64(offset), codeService: code, libelleService: "Service \(code.lowercased())",
                isActive: active, requiresEngagementNumber: code == "MARCHES", createdAt: created,
                validFrom: created, validUntil: active ? nil : created.addingTimeInterval(200 * day)
            )
        }
    }

    /// The supplier's deposits, one per state a report can show.
    static func flows(structures: [DatasetStructure], now: Date) -> [DepositFlow] {
        let supplier = structures[0].siret
        func siret(_ entity: DatasetStructure.Entity) -> String {
            structures.first { $0.entity == entity }?.siret ?? ""
        }
        let hour: TimeInterval = 3_600
        func flow(
            _ number: String, _ state: DepositFlow.State, hoursAgo: Double,
            errors: [DepositFlow.PaymentRequestError] = [], technical: [DepositFlow.TechnicalError] = []
        ) -> DepositFlow {
            let deposited = now.addingTimeInterval(-hoursAgo * hour)
            return DepositFlow(
                numeroFluxDepot: number, state: state,
                stateChangedAt: state == .processing
                    ? deposited.addingTimeInterval(60) : deposited.addingTimeInterval(900),
                depositedAt: deposited, fileName: "facture_\(number.suffix(3)).xml", interfaceCode: "FSO1100A",
                syntax: "IN_DP_E2_UBL_INVOICE_MIN", paymentRequestErrors: errors, technicalErrors: technical
            )
        }
        let invoiceDay = ChorusDate.day(now.addingTimeInterval(-72 * hour))
        let unknownService = DepositFlow.PaymentRequestError(
            libelleErreurDP: "Le code service (AccountingCustomerParty.AccountingContact.ID) est absent du referentiel"
                + " des services de la structure destinataire.",
            numeroDP: "F-DEMO-0102", identifiantFournisseur: supplier,
            identifiantDestinataire: siret(.recipientWithMandatoryService), dateDP: invoiceDay, montantTtcDP: 1_200
        )
        let duplicate = DepositFlow.PaymentRequestError(
            libelleErreurDP: "Le numero de facture (ID.value) existe deja pour ce fournisseur.",
            numeroDP: "F-DEMO-0101", identifiantFournisseur: supplier,
            identifiantDestinataire: siret(.recipientWithoutParameter), dateDP: invoiceDay, montantTtcDP: 480
        )
        let wrongCommitment = DepositFlow.PaymentRequestError(
            libelleErreurDP: "Le numero d'engagement renseigne est inconnu pour la structure destinataire.",
            numeroDP: "F-DEMO-0107", identifiantFournisseur: supplier,
            identifiantDestinataire: siret(.recipientWithMandatoryEJ), dateDP: invoiceDay, montantTtcDP: 3_600
        )
        let schema = DepositFlow.TechnicalError(
            codeErreur: "ERR_XSD_001",
            libelleErreur: "Le fichier n'est pas conforme au schema de la syntaxe IN_DP_E2_UBL_INVOICE_MIN.",
            natureErreur: "STRUCTURE"
        )
        return [
            flow(DepositNumber.integrated, .integrated, hoursAgo: 50),
            flow(DepositNumber.rejected, .rejected, hoursAgo: 30, errors: [unknownService, duplicate]),
            flow(DepositNumber.incident, .incident, hoursAgo: 20, technical: [schema]),
            flow(DepositNumber.partiallyIntegrated, .partiallyIntegrated, hoursAgo: 10, errors: [wrongCommitment]),
            flow(DepositNumber.processing, .processing, hoursAgo: 0.25),
            progressingFlow(now: now),
            flow(
                DepositNumber.rejectedSupplier, .rejected, hoursAgo: 5,
                errors: supplierErrors(supplier, siret(.recipient), invoiceDay)),
        ]
    }

    /// The flow deposited as the simulator starts, moving to `IN_INTEGRE` within seconds.
    static func progressingFlow(now: Date) -> DepositFlow {
        var flow = DepositFlow(
            numeroFluxDepot: DepositNumber.progressing, state: .integrated, stateChangedAt: now.addingTimeInterval(3),
            depositedAt: now, fileName: "facture_106.xml", interfaceCode: "FSO1100A",
            syntax: "IN_DP_E2_UBL_INVOICE_MIN", paymentRequestErrors: [], technicalErrors: [])
        flow.progression = [
            .init(after: 0.5, state: .processedBySE), .init(after: 1, state: .waitingForProcessing),
            .init(after: 1.5, state: .processing), .init(after: 3, state: .integrated),
        ]
        return flow
    }

    /// A rejection on the supplier's side: identifier not referenced, billing country wrong.
    static func supplierErrors(
        _ supplier: String, _ recipient: String, _ day: String
    ) -> [DepositFlow.PaymentRequestError] {
        [
            DepositFlow.PaymentRequestError(
                libelleErreurDP: "L'identifiant du fournisseur"
                    + " (AccountingSupplierParty.Party.PartyIdentification.ID.value)"
                    + " n'est pas reference dans notre systeme.",
                numeroDP: "F-DEMO-0110", identifiantFournisseur: "95260181300027", identifiantDestinataire: recipient,
                dateDP: day, montantTtcDP: 960),
            DepositFlow.PaymentRequestError(
                libelleErreurDP: "Le code pays de l'adresse de facturation est incorrect.",
                numeroDP: "F-DEMO-0111", identifiantFournisseur: supplier, identifiantDestinataire: recipient,
                dateDP: day, montantTtcDP: 240),
        ]
    }
}
