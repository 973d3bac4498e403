import CCurl

/// The libcurl the process runs with, for reports and `--version`.
public enum CurlVersion {
    /// "libcurl/7.88.1"; "libcurl/unavailable (<the dynamic loader's words>)" when libcurl cannot be opened.
    public static var description: String {
        if let failure = CurlLibrary.failure { return "libcurl/unavailable (\(failure.reason))" }
        guard let info = chorus_version_info(), let version = info.pointee.version else {
            return "libcurl/unknown"
        }
        return "libcurl/" + String(cString: version)
    }

    /// The TLS library libcurl was built with, e.g. "OpenSSL/3.0.19"; "none" without TLS support.
    public static var tlsBackend: String {
        guard let info = chorus_version_info(), let ssl = info.pointee.ssl_version else {
            return "none"
        }
        return String(cString: ssl)
    }
}
