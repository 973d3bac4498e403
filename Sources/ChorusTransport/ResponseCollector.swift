import CCurl
import Foundation

/// Gathers the final response's header lines and its body, up to a byte limit, from libcurl's callbacks.
///
/// libcurl passes one complete header line per call. A status line starts a new header block, so the headers of an
/// interim answer (`100 Continue`) or of a proxy's `CONNECT` answer are dropped.
final class ResponseCollector {
    let limit: Int
    private(set) var body = Data()
    private(set) var headers: [HTTPHeader] = []
    /// The body went over `limit`; the transfer was stopped.
    private(set) var exceededLimit = false

    init(limit: Int) {
        self.limit = limit
    }

    /// Appends body bytes; false (stop the transfer) when they would go over the limit.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = (String(bytes: bytes, encoding: .utf8) ?? String(bytes: bytes, encoding: .isoLatin1) ?? "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        if line.hasPrefix("HTTP/") {
            headers = []
            return
        }
        if line.isEmpty { return }
        if let first = line.unicodeScalars.first, first == " " || first == "\t", !headers.isEmpty {
            // Obsolete line folding: the line continues the previous header's value.
            let continuation = line.trimmingCharacters(in: .whitespaces)
            headers[headers.count - 1].value += " " + continuation
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers.append(HTTPHeader(name, value))
    }
}

// MARK: - libcurl callbacks (C function pointers: context arrives through the user-data pointer)

/// `CURLOPT_WRITEFUNCTION`: user data is an unretained `ResponseCollector`. A short count makes libcurl stop with
/// `CURLE_WRITE_ERROR`.
let collectBody: chorus_data_callback = { data, size, count, userData in
    guard let userData else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userData).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    return collector.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// `CURLOPT_HEADERFUNCTION`: user data is an unretained `ResponseCollector`.
let collectHeaderLine: chorus_data_callback = { data, size, count, userData in
    guard let userData else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(userData).takeUnretainedValue()
    let length = size * count
    if length > 0, let data {
        collector.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    }
    return length
}

/// `CURLOPT_XFERINFOFUNCTION`: user data is an unretained `CancellationFlag`; non-zero aborts the transfer.
let abortWhenCancelled: chorus_xferinfo_callback = { userData, _, _, _, _ in
    guard let userData else { return 0 }
    return Unmanaged<CancellationFlag>.fromOpaque(userData).takeUnretainedValue().isCancelled ? 1 : 0
}

/// Keeps the TLS summary libcurl writes in verbose mode ("SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384").
final class HandshakeNotes {
    private(set) var tlsVersion: String?

    func receiveText(_ bytes: UnsafeRawBufferPointer) {
        let marker = "SSL connection using "
        guard let text = String(bytes: bytes, encoding: .utf8), let range = text.range(of: marker) else { return }
        let summary = text[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
        if !summary.isEmpty { tlsVersion = summary }
    }
}

/// `CURLOPT_DEBUGFUNCTION`: user data is an unretained `HandshakeNotes`. Only informational text is read, never
/// headers or data, so nothing secret is kept.
let noteHandshake: chorus_debug_callback = { _, type, data, size, userData in
    guard type == CURLINFO_TEXT, let userData, let data, size > 0 else { return 0 }
    let notes = Unmanaged<HandshakeNotes>.fromOpaque(userData).takeUnretainedValue()
    notes.receiveText(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
