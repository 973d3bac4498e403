import Foundation
import Synchronization

/// The access tokens the simulated OAuth server has issued.
final class TokenRegistry: Sendable {
    struct Grant: Sendable {
        var clientID: String
        var expiresAt: Date
    }

    private let grants = Mutex<[String: Grant]>([:])

    /// Issues a fresh opaque token for `clientID`, valid `lifetime` seconds from `now`.
    func issue(to clientID: String, now: Date, lifetime: Int) -> String {
        let token = Self.opaqueToken()
        grants.withLock { grants in
            grants = grants.filter { $0.value.expiresAt > now }
            grants[token] = Grant(clientID: clientID, expiresAt: now.addingTimeInterval(TimeInterval(lifetime)))
        }
        return token
    }

    /// The grant behind `token`, if it exists and has not expired at `now`.
    func grant(for token: String, now: Date) -> Grant? {
        grants.withLock { $0[token] }.flatMap { $0.expiresAt > now ? $0 : nil }
    }

    /// Makes every issued token expire (tests of the refresh logic).
    func expireAll() {
        grants.withLock { grants in
            for key in grants.keys { grants[key]?.expiresAt = .distantPast }
        }
    }

    /// 48 characters from the URL-safe base64 alphabet.
    private static func opaqueToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<36).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }
}
