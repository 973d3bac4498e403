import CDynamicLibrary
import Foundation

/// Why a library opened at first use could not be (libcurl here; libedit for the Kit's line reader): the names
/// tried, the missing symbol if one was, and the dynamic loader's own words. Technical text, in no language.
public struct SharedLibraryFailure: Error, Sendable, Hashable {
    /// The names tried, in order ("libcurl.so.4, libcurl.so"); when a symbol is missing, the name that opened.
    public var library: String
    /// The missing function or global; nil when no name could be opened.
    public var symbol: String?
    /// What the dynamic loader said (`dlerror`), e.g. "libcurl.so.4: cannot open shared object file: No such file
    /// or directory".
    public var reason: String

    public init(library: String, symbol: String? = nil, reason: String) {
        self.library = library
        self.symbol = symbol
        self.reason = reason
    }

    /// The C loader's account (`chorus_library_open`).
    public init(_ failure: chorus_library_failure) {
        let symbol = Self.text(failure.symbol)
        self.init(
            library: Self.text(failure.library), symbol: symbol.isEmpty ? nil : symbol,
            reason: Self.text(failure.reason))
    }

    /// Runs `open` with `names` as a C array of C strings (the loaders' `…_try` functions), returning why it failed.
    public static func trying(
        _ names: [String],
        _ open: (UnsafePointer<UnsafePointer<CChar>?>, Int, UnsafeMutablePointer<chorus_library_failure>) -> Int32
    ) -> SharedLibraryFailure? {
        precondition(!names.isEmpty, "at least one library name to try")
        let copies = names.map { UnsafePointer(strdup($0)) }
        defer { copies.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        var failure = chorus_library_failure()
        let opened = copies.withUnsafeBufferPointer { open($0.baseAddress!, names.count, &failure) } == 0
        return opened ? nil : SharedLibraryFailure(failure)
    }

    /// The names a C loader tries, in order, from its `…_candidates` function.
    public static func names(
        _ candidates: (UnsafeMutablePointer<Int>) -> UnsafePointer<UnsafePointer<CChar>?>?
    ) -> [String] {
        var count = 0
        guard let names = candidates(&count) else { return [] }
        return (0..<count).compactMap { names[$0].map { String(cString: $0) } }
    }

    /// A fixed-size C character array (imported as a tuple) read up to its terminating zero.
    private static func text<T>(_ characters: T) -> String {
        withUnsafeBytes(of: characters) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
