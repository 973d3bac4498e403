import Foundation

/// Why a JSON state file does not read (a dataset, a wizard's progress), in a few words and the place where it
/// happened (`'steps' is missing at steps.[2]`), worded in the output's language. Foundation's own texts, which are
/// English (and say no more: "The given data was not valid JSON."), are not shown.
public struct DecodingFailure: WordedError, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case invalid
        case missing(key: String, at: String)
        case wrongValue(at: String)
        case unknownSchema(String)
        case unreadable(errno: Int32?)
    }

    var kind: Kind

    init(kind: Kind) { self.kind = kind }

    /// What a decoding (or reading) error says.
    public init(_ error: any Error) {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            kind = .missing(key: key.stringValue, at: Self.path(context.codingPath))
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            kind = .wrongValue(at: Self.path(context.codingPath))
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            kind = .wrongValue(at: Self.path(context.codingPath))
        case DecodingError.dataCorrupted:
            kind = .invalid
        default:
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let code = underlying?.domain == NSPOSIXErrorDomain ? underlying.map { Int32($0.code) } : nil
            kind = .unreadable(errno: code)
        }
    }

    /// A document of another schema than this version writes.
    public static func unknownSchema(_ schema: String) -> DecodingFailure {
        DecodingFailure(kind: .unknownSchema(schema))
    }

    public func worded(_ strings: Strings) -> String {
        switch kind {
        case .invalid: strings("file.json.invalid")
        case .missing(let key, let at) where at.isEmpty: strings("file.json.missing_top", ["key": key])
        case .missing(let key, let at): strings("file.json.missing", ["key": key, "where": at])
        case .wrongValue(let at): strings("file.json.wrong_value", ["where": at])
        case .unknownSchema(let schema): strings("file.json.unknown_schema", ["schema": schema])
        case .unreadable(let code?): strings("file.json.unreadable_because", ["why": String(cString: strerror(code))])
        case .unreadable: strings("file.json.unreadable")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

}

/// A JSON state file of the tool that does not read (a stored dataset, a wizard's progress): where it is and why.
/// It is reported and never overwritten.
public struct UnreadableStateFile: WordedError, Sendable {
    public var path: String
    public var reason: DecodingFailure
    public func worded(_ strings: Strings) -> String { "\(path): " + reason.worded(strings) }
}
