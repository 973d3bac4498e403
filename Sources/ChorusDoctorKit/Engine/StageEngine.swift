import ChorusTransport
import Foundation

/// The one place stages are run: `check` (and `check --all`, `demo`, `report --run`), the wizard's probes and the
/// platform sessions of `lookup`, `flow` and `invoice` all run their stages here, each with its own plan.
///
/// What every run shares lives here once: stop probing at the first failure and skip the rest with the reason, one
/// token reused by later stages, the facts merged stage after stage, the run's deadline named when it cut a call
/// short, facts redacted then cut, and the diagnosis of what failed or warned (with the config warnings that may
/// explain a refusal listed first). The caller reads the run as it goes (`for await event in engine.run(.check)`):
/// no callback into the caller.
public struct StageEngine: Sendable {
    public var profile: ResolvedProfile
    public var transport: any HTTPTransport
    public var rules: RuleBook
    public var strings: Strings
    public var clock: any TimeSource
    public var environment: [String: String]
    public var redactor: Redactor
    /// The time each call may wait for the platform. With a plan that keeps a run deadline (`check --timeout`),
    /// the time the whole run may wait: each call ends at that deadline, and a stage that would start after it
    /// fails as a timeout of the run.
    public var timeout: Duration

    public init(
        profile: ResolvedProfile, transport: any HTTPTransport, rules: RuleBook, strings: Strings,
        clock: any TimeSource = SystemTime(), environment: [String: String], redactor: Redactor,
        timeout: Duration = .seconds(15)
    ) {
        self.profile = profile
        self.transport = transport
        self.rules = rules
        self.strings = strings
        self.clock = clock
        self.environment = environment
        self.redactor = redactor
        self.timeout = timeout
    }

    /// The run of `plan`'s stages, read as it goes. Nothing is sent before the first event is asked for; each
    /// stage runs in the reading task (cancelling it cancels the transfer in flight).
    public func run(_ plan: StagePlan) -> CheckRun { CheckRun(engine: self, plan: plan) }

    /// The whole check, read to its end: its report.
    public func run() async -> CheckReport { await run(.check).outcome().report }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded(toPlaces: 1)
    }
}

/// Which stages a run probes, and how its configuration is judged.
public struct StagePlan: Sendable, Equatable {
    public enum Configuration: Sendable, Equatable {
        /// The config stage as `check` runs it: every value the later stages need, warnings included.
        case profile
        /// Only what the network and token stages need (the URLs, the client id and secret), for the wizard's
        /// token probe, which comes before the technical account is known. The config stage shows only when it
        /// fails.
        case endpoints
    }

    public var configuration: Configuration
    /// The stages probed after the config stage, in order.
    public var stages: [StageID]
    /// Whether the run's calls share one deadline (`check --timeout`). A session's client goes on calling after
    /// the run, so it has none.
    public var runDeadline: Bool

    public init(configuration: Configuration, stages: [StageID], runDeadline: Bool) {
        self.configuration = configuration
        self.stages = stages
        self.runDeadline = runDeadline
    }

    /// `check`: the six stages.
    public static let check = StagePlan(
        configuration: .profile, stages: [.network, .token, .gateway, .account, .structure], runDeadline: true)
    /// The wizard's token probe (step 4): network and token, before the technical account is asked for.
    public static let token = StagePlan(configuration: .endpoints, stages: [.network, .token], runDeadline: false)
    /// A platform session (`lookup`, `flow`, `invoice`): the profile judged, then a token.
    public static let session = StagePlan(configuration: .profile, stages: [.token], runDeadline: false)
}

/// What a run tells as it goes.
public enum StageEvent: Sendable {
    /// A stage starts probing (not sent for a skipped one).
    case started(StageID)
    /// A stage ended (skipped ones included), with that stage's exchanges.
    case finished(StageResult, exchanges: [RecordedExchange])
    /// The run ended: its report, and what later calls need.
    case completed(CheckRun.Outcome)
}

/// One run of a plan's stages: an asynchronous sequence of `StageEvent`s ending with `.completed`.
public struct CheckRun: AsyncSequence, Sendable {
    public typealias Element = StageEvent
    let engine: StageEngine
    let plan: StagePlan

    /// What a run leaves: the report (already redacted), the validated configuration and the token when the
    /// stages got that far, and the client that made the calls (its log holds every exchange).
    public struct Outcome: Sendable {
        public var report: CheckReport
        public var config: ValidatedConfig?
        public var token: Secret?
        public var client: PlatformClient

        /// The first failed stage, if any.
        public var failure: StageResult? { report.stages.first { $0.status == .fail } }
    }

    public func makeAsyncIterator() -> Iterator { Iterator(state: StageRunState(engine: engine, plan: plan)) }

    /// Reads the run to its end, for a caller that shows nothing while it runs.
    public func outcome() async -> Outcome {
        for await event in self {
            if case .completed(let outcome) = event { return outcome }
        }
        // The sequence always ends with `.completed`; reached only if that changes.
        preconditionFailure("a stage run ended without its outcome")
    }

    public struct Iterator: AsyncIteratorProtocol, Sendable {
        var state: StageRunState
        var remaining: [StageID] = []
        var announced: StageID?
        var done = false
        var begun = false

        init(state: StageRunState) { self.state = state }

        public mutating func next() async -> StageEvent? {
            if done { return nil }
            if !begun {
                begun = true
                state.begin()
                remaining = [.config] + state.plan.stages
            }
            if let id = announced {
                announced = nil
                let result = await state.probe(id)
                return .finished(result, exchanges: state.exchanges(of: id))
            }
            while let id = remaining.first {
                remaining.removeFirst()
                if let skipped = state.skip(id) { return .finished(skipped, exchanges: []) }
                if id == .config, state.plan.configuration == .endpoints {
                    // Judged silently: shown only when it stops the probe.
                    let result = await state.probe(id)
                    if result.status == .fail { return .finished(result, exchanges: []) }
                    continue
                }
                announced = id
                return .started(id)
            }
            done = true
            return .completed(state.outcome())
        }
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}
