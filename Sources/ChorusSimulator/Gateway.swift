import Foundation
import Hummingbird
import NIOCore

/// The PISTE API gateway in front of Chorus Pro, then Chorus Pro's own checks.
extension SimulatedPlatform {
    func gateway(_ request: Request, operation: ChorusOperation, channel: any Channel) async throws -> Response {
        let behaviours = world.behaviours
        switch world.condition {
        case .gatewayUnresponsive:
            return try await holdUnanswered(channel: channel)
        case .overloaded(let seconds):
            return WireAnswer.retryLater(.serviceUnavailable, after: seconds, behaviours)
        default:
            break
        }
        guard let bearer = Self.bearerToken(request.headers[.authorization]) else { return WireAnswer.missingToken }
        guard let grant = tokens.grant(for: bearer, now: now) else { return WireAnswer.invalidToken(behaviours) }
        if case .throttling(let seconds) = world.condition {
            return WireAnswer.retryLater(.tooManyRequests, after: seconds, behaviours)
        }
        guard grant.clientID == world.application.clientID, world.application.mayCall(operation.api) else {
            return WireAnswer.empty(.forbidden)
        }
        if world.condition == .maintenance {
            return WireAnswer.empty(.internalServerError)
        }
        guard request.method == operation.method else { return WireAnswer.methodNotAllowed(allowed: operation.method) }
        let account = Self.technicalAccount(request.headers[.cproAccount])
        let accepted = account.map { world.technicalAccount.accepts(login: $0.0, password: $0.1, at: now) }
        guard operation.needsTechnicalAccount else {
            switch behaviours[.healthCheck] {
            case .healthCheckStrict where accepted != true, .healthCheckLenient where accepted == false,
                .healthCheckChorus where accepted != true:
                return WireAnswer.technicalAccountRefused
            case .healthCheckChorus where !world.raccordement.admits(world.application):
                return WireAnswer.empty(.forbidden)
            default:
                return healthCheck(channel: channel)
            }
        }
        guard accepted == true else { return WireAnswer.technicalAccountRefused }
        guard world.raccordement.admits(world.application) else { return WireAnswer.empty(.forbidden) }
        if let type = request.headers[.contentType], !type.lowercased().contains("json") {
            return WireAnswer.empty(.unsupportedMediaType)
        }
        let limit = operation.carriesFile ? 16 << 20 : 1 << 20
        guard let body = await collectBody(request, limit: limit), let document = ChorusRequestBody(body) else {
            return WireAnswer.empty(.badRequest)
        }
        if operation == .searchSupplierInvoices, behaviours.plays(.searchAnswers202) {
            return WireAnswer.empty(.accepted)
        }
        do {
            return try WireAnswer.$listsOfOneAsObject.withValue(behaviours.plays(.listsOfOneAsObject)) {
                try chorusPro(operation, document)
            }
        } catch is DecodingError {
            return WireAnswer.empty(.badRequest)
        }
    }

    /// The token of `Authorization: Bearer …`, scheme compared case-insensitively.
    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// `login:password` from the base64 `cpro-account` header.
    static func technicalAccount(_ header: String?) -> (String, String)? {
        guard let header, let data = Data(base64Encoded: header.trimmingCharacters(in: .whitespaces)),
            let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }

    /// Chorus Pro's operations, once the gateway and the account checks let the call through.
    private func chorusPro(_ operation: ChorusOperation, _ body: ChorusRequestBody) throws -> Response {
        switch operation {
        case .healthCheck: healthCheck(channel: nil)
        case .vatRates: vatRates()
        case .activeSupplierStructures: try activeSupplierStructures(body.decode())
        case .currencies: try currencies(body.decode())
        case .flowReport: try flowReport(body.decode())
        case .detailedFlowReport: try detailedFlowReport(body.decode())
        case .siretInformation: try siretInformation(body.decode())
        case .recipientDirectory: recipientDirectory()
        case .addAttachment: try addAttachment(body.decode())
        case .searchStructures: try searchStructures(body.decode())
        case .readStructure: try readStructure(body.decode())
        case .searchServices: try searchServices(body.decode())
        case .readService: try readService(body.decode())
        case .searchSupplierInvoices: try searchSupplierInvoices(body.decode())
        case .readSupplierInvoice: try readSupplierInvoice(body.decode())
        case .submitInvoice: try submitInvoice(body.decode())
        case .depositFlow: try deposit(body.decode())
        }
    }

    /// The gateway's health check, or an endless stream when the world floods it.
    func healthCheck(channel: (any Channel)?) -> Response {
        guard case .healthCheckFlood(let total) = world.condition else { return WireAnswer.json(HealthStatus()) }
        // Leading whitespace, then the usual document: valid JSON, once the client has read 64 MiB of it.
        let connections = self.connections
        let chunk = ByteBuffer(repeating: UInt8(ascii: " "), count: 64 * 1024)
        let body = ResponseBody { writer in
            var sent = 0
            while sent < total {
                if let channel, connections.isGone(channel) { return }
                try await writer.write(chunk)
                sent += chunk.readableBytes
            }
            try await writer.write(ByteBuffer(bytes: WireAnswer.encoded(HealthStatus())))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: WireAnswer.jsonContentType], body: body)
    }
}

/// The JSON body of a Chorus Pro call: any object, decoded lazily into the operation's parameters.
struct ChorusRequestBody {
    private let data: Data
    private static let decoder = JSONDecoder()

    /// Nil unless the bytes are one JSON object.
    init?(_ buffer: ByteBuffer) {
        let data = Data(buffer.readableBytesView)
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else { return nil }
        self.data = data
    }

    func decode<Parameters: Decodable>() throws -> Parameters {
        try Self.decoder.decode(Parameters.self, from: data)
    }
}

/// The health check's answer, as the live sandbox gives it (T2: turbo124/piste-gouv-fr tests/TransversesTest.php).
struct HealthStatus: Encodable {
    var statusCodeValue = 200
    var statusCode = "OK"
    var body = "L'API CPRO est actuellement disponible et fonctionnel."
}
