import Foundation
import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the connection, to notice a client that left.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}

/// Hands every request to the platform and, when asked, logs one line per exchange.
struct SimulatorResponder: HTTPResponder {
    let platform: SimulatedPlatform
    let logRequests: Bool

    func respond(to request: Request, context: SimulatorRequestContext) async throws -> Response {
        do {
            let response = try await platform.answer(request, channel: context.channel)
            log(request, outcome: String(response.status.code))
            return response
        } catch let error as ExchangeAbandoned {
            log(request, outcome: "-")
            throw error
        }
    }

    /// Method, path, status and the operation's name only: headers, query strings and bodies carry secrets.
    private func log(_ request: Request, outcome: String) {
        guard logRequests else { return }
        FileHandle.standardOutput.write(
            Data(Self.line(method: request.method.rawValue, path: request.uri.path, outcome: outcome).utf8))
    }

    /// `POST /cpro/factures/v1/deposer/flux 200 deposerFluxFacture`: the path with control characters replaced,
    /// the operation's name (`token` for the OAuth endpoint, `-` for a path no API serves).
    static func line(method: String, path: String, outcome: String) -> String {
        let name = path == "/api/oauth/token" ? "token" : ChorusOperation(path: path)?.name ?? "-"
        let shown = String(
            String.UnicodeScalarView(
                path.unicodeScalars.prefix(300).map { $0.properties.generalCategory == .control ? "?" : $0 }))
        return "\(method) \(shown) \(outcome) \(name)\n"
    }
}
