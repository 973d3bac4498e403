import CCurl
import Foundation

/// libcurl's process-wide set-up, done once however many transports are created: the library opened, then
/// `curl_global_init(CURL_GLOBAL_DEFAULT)`.
enum CurlRuntime {
    /// A Swift `static let` is initialised once, thread-safely, on first use: at the first transfer.
    private static let readiness: Result<Void, TransportFailure> = {
        if let failure = CurlLibrary.failure { return .failure(TransportFailure(libcurl: failure)) }
        guard chorus_global_init_default() == CURLE_OK else {
            return .failure(
                TransportFailure(kind: .other, message: "libcurl could not be initialised (curl_global_init)."))
        }
        return .success(())
    }()

    /// Throws, every time, the failure of the first try when libcurl is not usable.
    static func ready() throws(TransportFailure) {
        try readiness.get()
    }
}

extension TransportFailure {
    /// libcurl could not be opened: `message` is the dynamic loader's words, `detail` the names tried.
    init(libcurl failure: SharedLibraryFailure) {
        self.init(kind: .libraryMissing, message: failure.reason, detail: failure.library)
    }
}

/// One libcurl easy handle and the memory that must outlive `curl_easy_perform`.
///
/// Used by one thread at a time. Setters remember the first option libcurl refused, so a transfer with a missing
/// safety option (protocol restriction, CA bundle…) is never performed.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let errorBufferSize = Int(CURL_ERROR_SIZE)
    /// First option libcurl refused, with its code.
    private(set) var refusedOption: (option: UInt32, code: CURLcode)?

    init?() {
        guard let raw = chorus_curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: errorBufferSize)
        errorBuffer.initialize(repeating: 0, count: errorBufferSize)
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(errorBuffer))
    }

    deinit {
        // The handle refers to the header list and the error buffer: release it first.
        chorus_curl_easy_cleanup(raw)
        chorus_curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    // MARK: - Options

    func set(_ option: CURLoption, _ value: Int) {
        record(option, chorus_setopt_long(raw, option, value))
    }

    /// String options are copied by libcurl (all but `CURLOPT_POSTFIELDS`, which this type never sets).
    func set(_ option: CURLoption, _ value: String) {
        record(option, value.withCString { chorus_setopt_str(raw, option, $0) })
    }

    func set(_ option: CURLoption, offset value: Int64) {
        record(option, chorus_setopt_off(raw, option, curl_off_t(value)))
    }

    func set(_ option: CURLoption, pointer value: UnsafeRawPointer?) {
        record(option, chorus_setopt_ptr(raw, option, value))
    }

    func set(_ option: CURLoption, callback: chorus_data_callback) {
        record(option, chorus_setopt_datacb(raw, option, callback))
    }

    func set(_ option: CURLoption, progress callback: chorus_xferinfo_callback) {
        record(option, chorus_setopt_xferinfocb(raw, option, callback))
    }

    func set(_ option: CURLoption, debug callback: chorus_debug_callback) {
        record(option, chorus_setopt_debugcb(raw, option, callback))
    }

    /// Installs request header lines; the list is kept until the handle is cleaned up.
    func setHeaderLines(_ lines: [String]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = line.withCString({ chorus_curl_slist_append(list, $0) }) else {
                chorus_curl_slist_free_all(list)
                record(CURLOPT_HTTPHEADER, CURLE_OUT_OF_MEMORY)
                return
            }
            list = appended
        }
        chorus_curl_slist_free_all(headerList)
        headerList = list
        record(CURLOPT_HTTPHEADER, chorus_setopt_slist(raw, CURLOPT_HTTPHEADER, list))
    }

    private func record(_ option: CURLoption, _ code: CURLcode) {
        if code != CURLE_OK && refusedOption == nil {
            refusedOption = (option.rawValue, code)
        }
    }

    // MARK: - Transfer and information

    func perform() -> CURLcode {
        chorus_curl_easy_perform(raw)
    }

    /// The error buffer's text, or libcurl's generic text for `code` when the buffer is empty.
    func errorMessage(for code: CURLcode) -> String {
        let text = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? String(cString: chorus_curl_easy_strerror(code)) : text
    }

    func long(_ info: CURLINFO) -> Int {
        var value = 0
        return chorus_getinfo_long(raw, info, &value) == CURLE_OK ? value : 0
    }

    func string(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard chorus_getinfo_str(raw, info, &value) == CURLE_OK, let value else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// Timings so far, from libcurl's microsecond `*_TIME_T` counters.
    var timings: TransferTimings {
        func milliseconds(_ info: CURLINFO) -> Double {
            var value: curl_off_t = 0
            guard chorus_getinfo_off(raw, info, &value) == CURLE_OK else { return 0 }
            return Double(value) / 1000
        }
        return TransferTimings(
            nameLookupMs: milliseconds(CURLINFO_NAMELOOKUP_TIME_T),
            connectMs: milliseconds(CURLINFO_CONNECT_TIME_T),
            tlsHandshakeMs: milliseconds(CURLINFO_APPCONNECT_TIME_T),
            firstByteMs: milliseconds(CURLINFO_STARTTRANSFER_TIME_T),
            totalMs: milliseconds(CURLINFO_TOTAL_TIME_T)
        )
    }

    /// Subject, issuer and expiry of the server's first certificate, when libcurl gathered them (`CURLOPT_CERTINFO`).
    ///
    /// OpenSSL builds only fill this after a completed handshake: present for a host name mismatch, absent when the
    /// chain itself was refused.
    var certificateSummary: String? {
        var info: UnsafeMutablePointer<curl_certinfo>?
        guard chorus_getinfo_certinfo(raw, &info) == CURLE_OK, let info, info.pointee.num_of_certs > 0,
            let chain = info.pointee.certinfo
        else { return nil }
        var fields: [String: String] = [:]
        var node = chain[0]
        while let entry = node {
            if let data = entry.pointee.data {
                let line = String(cString: data)
                if let colon = line.firstIndex(of: ":") {
                    fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
                }
            }
            node = entry.pointee.next
        }
        let wanted = [("Subject", "subject"), ("Issuer", "issuer"), ("Expire date", "expires")]
        let parts = wanted.compactMap { key, label in fields[key].map { "\(label): \($0)" } }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
