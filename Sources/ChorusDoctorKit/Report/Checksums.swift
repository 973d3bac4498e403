import Crypto
import Foundation

/// The digests of the bundle manifest, from swift-crypto.
public enum Checksum {
    /// The SHA-256 of `data` as 64 lowercase hexadecimal digits (as `sha256sum` prints it).
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 0x10 ? "0" + digits : digits
        }.joined()
    }
}
