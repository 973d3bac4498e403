import CCurl
import CDynamicLibrary

/// libcurl, opened by the C loader (`Sources/CCurl`) at the first transfer rather than linked: `--help`, `explain`
/// or `profile list` never load it and the dozen libraries it brings (TLS, HTTP/2, SSH, Kerberos, LDAP…).
public enum CurlLibrary {
    /// Opens libcurl for the process on first use (once, thread-safe): nil when it is usable, otherwise why not.
    public static var failure: SharedLibraryFailure? {
        chorus_curl_load().map { SharedLibraryFailure($0.pointee) }
    }

    /// The names tried, in order: the versioned one first ("libcurl.so.4"), then the development symlink.
    public static var names: [String] { SharedLibraryFailure.names { chorus_curl_candidates($0) } }

    /// Whether libcurl opens under `names` with every function the tool calls; the process's libcurl (`failure`)
    /// is left as it is, loaded or not.
    public static func failure(opening names: [String]) -> SharedLibraryFailure? {
        SharedLibraryFailure.trying(names) { chorus_curl_try($0, $1, $2) }
    }
}
