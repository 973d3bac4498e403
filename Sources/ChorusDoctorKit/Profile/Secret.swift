import Foundation

/// A value that must never be shown: printing or interpolating it yields a mask, never the value.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The clear value, for the one place that sends it (the token request, the `cpro-account` header).
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "[secret]" }
    public var debugDescription: String { "[secret]" }

    /// `••••••••` of a fixed length: shows that a value is set without telling its length.
    public static let mask = "••••••••"
}

/// Where a profile value came from, shown by `profile show` and in reports.
public enum ValueOrigin: String, Sendable, Codable {
    case file
    case environment = "env"
    case command
    case `default`
}

/// A value and its origin.
public struct Sourced<Value: Sendable>: Sendable {
    public var value: Value
    public var origin: ValueOrigin
    /// The file path, variable name or command that gave it (never the value).
    public var from: String

    public init(_ value: Value, _ origin: ValueOrigin, from: String) {
        self.value = value
        self.origin = origin
        self.from = from
    }
}
