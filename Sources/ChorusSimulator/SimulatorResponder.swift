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

    /// Method, path and status only: headers, query strings and bodies carry secrets.
    private func log(_ request: Request, outcome: String) {
        guard logRequests else { return }
        FileHandle.standardOutput.write(Data("\(request.method.rawValue) \(request.uri.path) \(outcome)\n".utf8))
    }
}
