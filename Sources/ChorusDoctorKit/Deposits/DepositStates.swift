import Foundation

/// What each flow state means, from `checklists/flow-states.yaml`.
public struct DepositStates: Sendable, Equatable {
    /// How a state ends, for the person who sent the flow.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case pending, integrated, partial, rejected, incident

        /// Something in the flow needs fixing (`flow status` exits 1).
        public var needsAction: Bool { self == .partial || self == .rejected || self == .incident }
        /// `flow watch` stops polling.
        public var stopsWatching: Bool { self != .pending }
    }

    public struct State: Sendable, Decodable, Equatable {
        public var final: Bool
        public var outcome: Outcome
        public var meaning: LocalizedText
        public var action: LocalizedText
    }

    public let states: [String: State]
    public let unknown: State

    public init(states: [String: State], unknown: State) {
        self.states = states
        self.unknown = unknown
    }

    /// The entry of `code` (`IN_REJETE`…), or the "unknown state" one.
    public func state(_ code: String) -> State { states[code.uppercased()] ?? unknown }
}
