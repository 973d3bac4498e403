import ChorusTransport
import Foundation

/// A Chorus Pro answer read for what it means: a document (codeRetour 0), a business refusal, or a failed call.
public enum ChorusAnswer {
    /// HTTP 200 with `codeRetour` 0 (or none).
    case document([String: Any])
    /// HTTP 200 with a non-zero `codeRetour`.
    case refused(code: Int, libelle: String)
    /// Anything else: an HTTP error status, an unreadable body, or no answer.
    case failed

    /// True for Chorus Pro's "the search returned nothing": 20000 `TRA_MSG_00.015`, or 20007 `GFT_MSG_01.075`
    /// (platform-evidence.md §4).
    public var isNothingFound: Bool {
        if case .refused(let code, _) = self { return code == 20000 || code == 20007 }
        return false
    }

    /// True for `consulterCRDetaille`'s unknown flow: 20001 `POQ_MSG_01.003 - Flux introuvable.` (§3).
    public var isUnknownFlow: Bool {
        if case .refused(let code, let libelle) = self {
            return code == 20001 && (libelle.contains("POQ_MSG_01.003") || libelle.lowercased().contains("introuvable"))
        }
        return false
    }
}

/// A Chorus Pro call's answer, parsed once: the HTTP status, the body object, `codeRetour` and `libelle` (read the
/// same whatever the operation), and what they mean (`answer`).
public struct ChorusReply {
    /// The call as it ended (for `CallProblem`, which explains a failure).
    public let outcome: CallOutcome
    /// The body, when it is a JSON object (whatever the status).
    public let body: [String: Any]?
    /// `codeRetour`, sent as a number or as a text; nil when the body has none.
    public let codeRetour: Int?
    public let libelle: String?

    public init(_ outcome: CallOutcome) {
        self.outcome = outcome
        body = outcome.response.flatMap { AnswerFacts.json($0.body) }
        codeRetour = AnswerFacts.int(body?["codeRetour"])
        libelle = body?["libelle"] as? String
    }

    /// The HTTP answer, when one came.
    public var response: HTTPResponse? { outcome.response }
    public var httpStatus: Int? { outcome.response?.status }

    /// A document (HTTP 200, `codeRetour` 0 or none), a business refusal (HTTP 200, another `codeRetour`), or a
    /// failed call.
    public var answer: ChorusAnswer {
        guard httpStatus == 200, let body else { return .failed }
        let code = codeRetour ?? 0
        return code == 0 ? .document(body) : .refused(code: code, libelle: libelle ?? "")
    }

    /// The document asked for, when the call gave it.
    public var document: [String: Any]? {
        if case .document(let object) = answer { return object }
        return nil
    }

    public var isNothingFound: Bool { answer.isNothingFound }
    public var isUnknownFlow: Bool { answer.isUnknownFlow }

    /// The facts the rules read (`AnswerFacts`), from the body parsed here.
    public var facts: [String: String] {
        switch outcome {
        case .response(let response): AnswerFacts.of(response, object: body)
        case .failure(let failure): AnswerFacts.of(failure)
        }
    }
}

extension PlatformClient {
    /// The one way a Chorus Pro operation is called: `body` POSTed as JSON to `path` on the API host, with the
    /// token and the technical account (`cpro-account`), recorded (redacted) like every call, the answer parsed.
    public func chorus(
        _ path: String, _ body: [String: Any], config: ValidatedConfig, token: Secret, stage: StageID, label: String
    ) async -> ChorusReply {
        let data = ChorusBody.json(body)
        let request = HTTPRequest(
            method: "POST", url: Self.endpoint(config.apiBaseURL, path),
            headers: Self.chorusHeaders(token: token, login: config.technicalLogin, password: config.technicalPassword),
            body: data, timeout: timeout)
        return ChorusReply(await call(request, stage: stage, label: label))
    }
}

/// A Chorus Pro request body as JSON, keys sorted so that the same body is the same bytes in every run (a replay, a
/// `--verbose` transcript). Written by `JSONEncoder`: `JSONSerialization`'s sorted keys compare in a locale, which
/// pages ICU's locale data in (3.5 MiB) on every call.
enum ChorusBody {
    static func json(_ body: [String: Any]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(Value(body))) ?? Data("{}".utf8)
    }

    /// The JSON values a body is made of, from what the callers write (Swift literals, or numbers read from an
    /// earlier answer, which `JSONSerialization` gave as `NSNumber`).
    enum Value: Encodable {
        case null, bool(Bool), integer(Int64), number(Double), string(String)
        indirect case array([Value]), object([String: Value])

        init(_ value: Any) {
            switch value {
            case let object as [String: Any]: self = .object(object.mapValues(Value.init))
            case let array as [Any]: self = .array(array.map(Value.init))
            case let string as String: self = .string(string)
            case let number as NSNumber where type(of: value) is NSNumber.Type:
                // An object (not a Swift number, which also casts to NSNumber): it says what it holds, a boolean (`c`,
                // JSON's true/false), a whole or a real number.
                switch String(cString: number.objCType) {
                case "c", "B": self = .bool(number.boolValue)
                case "f", "d": self = .number(number.doubleValue)
                default: self = .integer(number.int64Value)
                }
            case let flag as Bool: self = .bool(flag)
            case let integer as Int: self = .integer(Int64(integer))
            case let integer as Int64: self = .integer(integer)
            case let integer as Int32: self = .integer(Int64(integer))
            case let real as Double: self = .number(real)
            case is NSNull: self = .null
            default:
                assertionFailure("a Chorus Pro body holds a \(type(of: value))")
                self = .string(String(describing: value))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .bool(let flag): try container.encode(flag)
            case .integer(let integer): try container.encode(integer)
            case .number(let real): try container.encode(real)
            case .string(let string): try container.encode(string)
            case .array(let array): try container.encode(array)
            case .object(let object): try container.encode(object)
            }
        }
    }
}
