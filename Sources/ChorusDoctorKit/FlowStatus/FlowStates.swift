import Foundation

/// What each flow state means, from `checklists/flow-states.yaml`.
public struct FlowStates: Sendable {
    public static let file = "flow-states.yaml"

    /// How a state ends, for the person who sent the flow.
    public enum Outcome: String, Sendable, Codable {
        case pending, integrated, partial, rejected, incident

        /// Something in the flow needs fixing (`flow status` exits 1).
        public var needsAction: Bool { self == .partial || self == .rejected || self == .incident }
        /// `flow watch` stops polling.
        public var stopsWatching: Bool { self != .pending }
    }

    public struct State: Sendable, Decodable {
        public var final: Bool
        public var outcome: Outcome
        public var meaning: LocalizedText
        public var action: LocalizedText
    }

    struct File: Decodable {
        var states: [String: State]
        var unknown: State
    }

    public let states: [String: State]
    public let unknown: State

    public init(library: ChecklistLibrary) throws {
        let file = try library.decode(File.self, from: Self.file)
        states = file.states
        unknown = file.unknown
    }

    /// The entry of `code` (`IN_REJETE`…), or the "unknown state" one.
    public func state(_ code: String) -> State { states[code.uppercased()] ?? unknown }
}
