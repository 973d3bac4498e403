import Testing

extension TLSTestServer {
    /// The server the running test's `.tlsServer` trait started.
    @TaskLocal static var current: TLSTestServer?
}

/// Starts an `openssl s_server` before the test and stops it after, awaited, whatever the test did:
/// `@Test(.tlsServer("DNS:localhost")) func … { let server = try #require(TLSTestServer.current) … }`.
struct TLSServerTrait: TestTrait, TestScoping {
    let subjectAltName: String
    let days: Int

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await TLSTestServer(subjectAltName: subjectAltName, days: days)
        do {
            try await TLSTestServer.$current.withValue(server) { try await function() }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == TLSServerTrait {
    /// A TLS server whose certificate names `subjectAltName` and is valid for `days` (negative: expired).
    static func tlsServer(_ subjectAltName: String, days: Int = 2) -> Self {
        TLSServerTrait(subjectAltName: subjectAltName, days: days)
    }
}
