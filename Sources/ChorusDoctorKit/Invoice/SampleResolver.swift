import Foundation

/// Fills a sample's parties from the platform: the structure the technical account acts for, the buyer's name,
/// and the service code and commitment number the buyer requires (as `lookup` reads them).
struct SampleResolver {
    var ctx: DoctorContext
    var profile: ResolvedProfile
    var options: InvoiceSampleFlow.Options

    typealias Refusal = InvoiceSampleFlow.Refusal

    func resolve(_ parties: inout SampleParties) async throws {
        let session: PlatformSession
        switch await PlatformSession.open(ctx, profile: profile, timeout: options.timeout, caBundle: options.caBundle) {
        case .failure(let unavailable):
            throw Refusal(
                message: SessionText.unavailable(ctx, unavailable, profile: profile.name), status: .checkFailed)
        case .success(let opened): session = opened
        }
        let explainer = ctx.library.explainer
        try await supplier(&parties, session: session)
        let directory = StructureDirectory(
            session: session, explainer: explainer, language: ctx.language, pageSize: 100)
        let siret = parties.buyer.siret
        guard let found = try value(await directory.search(siret, type: "SIRET")) else {
            throw Refusal(message: ctx.strings("invoice.sample.buyer_unknown", ["siret": siret]), status: .checkFailed)
        }
        guard found.status.uppercased() != "INACTIVE" else {
            throw Refusal(message: ctx.strings("invoice.sample.buyer_inactive", ["siret": siret]), status: .checkFailed)
        }
        let buyer = try value(await directory.details(found))
        parties.buyer.name = buyer.name
        var commitmentRequired = buyer.commitmentRequired == true
        let wantsService = buyer.serviceCodeRequired == true || buyer.commitmentOrServiceRequired == true
        if parties.service == nil, wantsService {
            let services = try value(await directory.services(of: buyer.idStructureCPP))
            for service in services.filter(\.active).prefix(5) {
                let needsEJ = try value(
                    await directory.commitmentRequired(service: service.id, structure: buyer.idStructureCPP))
                if needsEJ != true || parties.commitment != nil {
                    parties.service = service.code
                    break
                }
            }
            if let code = parties.service {
                parties.notes.append(ctx.strings("invoice.sample.service_chosen", ["service": code, "siret": siret]))
            }
        } else if let code = parties.service,
            case .success(let services) = await directory.services(of: buyer.idStructureCPP),
            let match = services.first(where: { $0.code == code }),
            case .success(true) = await directory.commitmentRequired(service: match.id, structure: buyer.idStructureCPP)
        {
            commitmentRequired = true
        }
        if commitmentRequired, parties.commitment == nil {
            throw Refusal(message: ctx.strings("invoice.sample.needs_ej", ["siret": siret]), status: .checkFailed)
        }
    }

    /// The profile's SIRET when the account acts for it, else the first structure it acts for.
    func supplier(_ parties: inout SampleParties, session: PlatformSession) async throws {
        let reply = await session.post(
            "/cpro/transverses/v1/recuperer/structures/actives/fournisseur", [:], stage: .account,
            label: "supplier-structures")
        guard let object = reply.document else { throw failed("supplier-structures") }
        let structures = SupplierCheck.list(object["listeStructures"])
        let mine =
            structures.first { ($0["identifiant"] as? String) == parties.supplier.siret } ?? structures.first
        guard let mine, let siret = mine["identifiant"] as? String else { return }
        if siret != parties.supplier.siret, !parties.supplier.siret.isEmpty {
            parties.notes.append(
                ctx.strings(
                    "invoice.sample.supplier_changed", ["siret": siret, "profile_siret": parties.supplier.siret]))
        }
        parties.supplier.siret = siret
        parties.supplier.name = mine["designationStructure"] as? String ?? ""
    }

    func failed(_ call: String) -> Refusal {
        Refusal(message: ctx.strings("invoice.sample.platform_failed", ["call": call]), status: .checkFailed)
    }

    /// The value of a call, or a refusal that shows the failed call explained.
    func value<Value>(_ result: Result<Value, CallProblem>) throws -> Value {
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            let lines =
                SessionText.problem(ctx, problem) + [
                    ctx.strings("invoice.sample.platform_failed", ["call": problem.call])
                ]
            throw Refusal(message: lines.joined(separator: "\n"), status: .checkFailed)
        }
    }
}
