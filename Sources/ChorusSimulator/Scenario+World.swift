import Foundation

/// A change a scenario makes to the demo profile rather than to the platform: the fault is in the user's settings.
public enum DemoAdjustment: Sendable, Equatable {
    /// The token URL keeps the right host but takes this path.
    case tokenPath(String)
    /// The API base URL gets this path prefix before `/cpro/...`.
    case apiBasePrefix(String)
    /// The profile's SIRET is this one.
    case siret(String)
}

extension Scenario {
    /// What the scenario changes in the demo profile, if the fault lives there (`sim` ignores it).
    public var demoAdjustment: DemoAdjustment? {
        switch self {
        case .tokenURLWrong: .tokenPath("/oauth/token")
        case .apiBaseWrong: .apiBasePrefix("/piste")
        case .siretUnknown: .siret(SimulatorDataset.unknownSiret)
        default: nil
        }
    }

    /// The simulated platform as this scenario leaves it, starting from a correctly configured one.
    public func world(now: Date, variants: [PlatformVariant] = []) -> SimulatedWorld {
        var world = SimulatedWorld.configured(now: now)
        world.behaviours = PlatformBehaviours(variants)
        if world.behaviours.plays(.activeStructuresManyPages) {
            world.technicalAccount.otherStructures = world.dataset.structures.filter {
                !$0.isPublic && $0.idStructureCPP != world.dataset.supplier.idStructureCPP
            }.prefix(3).map(\.idStructureCPP)
        }
        let day: TimeInterval = 86_400
        let passwordLifetime = 424 * day
        switch self {
        case .healthy, .tokenURLWrong, .apiBaseWrong, .siretUnknown:
            break
        case .wrongSecret:
            world.application.clientSecret = "0b1c2d3e-4f50-4a61-8b72-c3d4e5f60718"
        case .unknownClient:
            world.application.clientID = "7a8b9c0d-1e2f-4031-a425-b6c7d8e9f0a1"
        case .transversesNotAttached:
            world.application.attachedAPIs.remove(.transverses)
        case .structuresNotAttached:
            world.application.attachedAPIs.remove(.structures)
        case .cguFacturesNotAccepted:
            world.application.acceptedCGU.remove(.factures)
        case .raccordementMissing:
            world.raccordement.pisteApplicationName = nil
        case .raccordementPending:
            world.raccordement.isValidated = false
        case .technicalWrongPassword:
            world.technicalAccount.password = "Changed-On-Portal-2025?"
            world.technicalAccount.passwordExpiry = now.addingTimeInterval(passwordLifetime - day)
        case .technicalPasswordExpired:
            world.technicalAccount.createdAt = now.addingTimeInterval(-430 * day)
            world.technicalAccount.passwordExpiry = world.technicalAccount.createdAt.addingTimeInterval(
                passwordLifetime)
        case .technicalNotActive:
            world.technicalAccount.createdAt = now.addingTimeInterval(-3 * 60)
            world.technicalAccount.passwordExpiry = now.addingTimeInterval(passwordLifetime)
        case .technicalNotAttached:
            world.technicalAccount.idStructureCPP = world.dataset.structure(.moe)!.idStructureCPP
            world.technicalAccount.otherStructures.removeAll { $0 == world.technicalAccount.idStructureCPP }
        case .structureInactive:
            world.dataset.update(world.dataset.supplier.idStructureCPP) { $0.isActive = false }
        case .passwordExpiringSoon:
            world.technicalAccount.createdAt = now.addingTimeInterval(10 * day - passwordLifetime)
            world.technicalAccount.passwordExpiry = now.addingTimeInterval(10 * day)
        case .maintenance:
            world.condition = .maintenance
        case .overloaded:
            world.condition = .overloaded(retryAfterSeconds: 120)
        case .rateLimited:
            world.condition = .throttling(retryAfterSeconds: 30)
        case .tokenTimeout:
            world.condition = .tokenServerUnresponsive
        case .apiTimeout:
            world.condition = .gatewayUnresponsive
        case .malformedToken:
            world.condition = .tokenServerAnswersHTML
        case .hugeAnswer:
            world.condition = .healthCheckFlood(bytes: 64 * 1024 * 1024)
        }
        return world
    }

    /// What the user noted while configuring, before the world changed under them, plus the demo adjustment.
    func demoCredentials(
        world: SimulatedWorld, now: Date, baseURL: URL, applyingDemoAdjustment: Bool
    ) -> DemoCredentials {
        let noted = SimulatedWorld.configured(now: now)
        let expiryNotedAtCreation: Date =
            switch self {
            case .technicalPasswordExpired, .technicalNotActive, .passwordExpiringSoon:
                world.technicalAccount.passwordExpiry
            default:
                noted.technicalAccount.passwordExpiry
            }
        var credentials = DemoCredentials(
            tokenURL: baseURL.appendingPathComponent("api/oauth/token"), apiBaseURL: baseURL,
            clientID: noted.application.clientID, clientSecret: noted.application.clientSecret,
            technicalLogin: noted.technicalAccount.login, technicalPassword: noted.technicalAccount.password,
            siret: noted.dataset.supplier.siret, pisteApplicationName: noted.application.name,
            technicalPasswordExpiry: expiryNotedAtCreation,
            userLogin: noted.dataset.mainUser(of: noted.dataset.supplier.idStructureCPP)!.login
        )
        guard applyingDemoAdjustment, let adjustment = demoAdjustment else { return credentials }
        switch adjustment {
        case .tokenPath(let path):
            credentials.tokenURL = baseURL.appendingPathComponent(String(path.drop { $0 == "/" }))
        case .apiBasePrefix(let prefix):
            credentials.apiBaseURL = baseURL.appendingPathComponent(String(prefix.drop { $0 == "/" }))
        case .siret(let siret):
            credentials.siret = siret
        }
        return credentials
    }
}
