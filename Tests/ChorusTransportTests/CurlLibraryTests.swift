import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusTransport

/// libcurl opened at first use (`CurlLibrary`, the C loader in `Sources/CCurl`): what a failed opening says, and that
/// trying other names leaves the process's libcurl alone.
@Suite struct CurlLibraryTests {
    @Test func aLibraryThatIsNotThereIsNamedWithTheLoadersOwnWords() throws {
        let failure = try #require(CurlLibrary.failure(opening: ["libnothere.so.9"]))
        #expect(failure.library == "libnothere.so.9")
        #expect(failure.symbol == nil)
        #expect(failure.reason.contains("libnothere.so.9"), "\(failure.reason)")
    }

    @Test func everyNameTriedIsListedAndTheFirstOnesWordsKept() throws {
        let failure = try #require(CurlLibrary.failure(opening: ["libnothere.so.9", "libnothere.so"]))
        #expect(failure.library == "libnothere.so.9, libnothere.so")
        #expect(failure.reason.contains("libnothere.so.9"), "\(failure.reason)")
    }

    #if os(Linux)
        @Test func aLibraryWithoutLibcurlsFunctionsNamesTheFirstOneMissing() throws {
            // zlib opens (every Linux has it) but holds none of libcurl's functions.
            let failure = try #require(CurlLibrary.failure(opening: ["libnothere.so.9", "libz.so.1"]))
            #expect(failure.library == "libz.so.1")
            #expect(failure.symbol == "curl_easy_init")
            #expect(failure.reason.contains("curl_easy_init"), "\(failure.reason)")
        }
    #endif

    @Test func theVersionedNameIsTriedFirst() {
        #if os(Linux)
            #expect(CurlLibrary.names == ["libcurl.so.4", "libcurl.so"])
        #elseif os(macOS)
            #expect(CurlLibrary.names == ["libcurl.4.dylib", "libcurl.dylib"])
        #endif
    }

    @Test func aFailedTryLeavesTheProcesssLibcurlUsable() async throws {
        #expect(CurlLibrary.failure(opening: ["libnothere.so.9"]) != nil)
        #expect(CurlLibrary.failure == nil)
        #expect(CurlLibrary.failure(opening: CurlLibrary.names) == nil)
        #expect(!CurlVersion.description.contains("unavailable"), "\(CurlVersion.description)")
        // A transfer still gets as far as the network: refused by the system, not by a missing library.
        let refusing = try RefusingPort()
        let url = URL(string: refusing.url(path: "/"))!
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().send(HTTPRequest(method: "GET", url: url, timeout: .seconds(20)))
        }
        withExtendedLifetime(refusing) {}
        #expect(failure?.kind == .refused)
    }

    @Test func aLibcurlThatCannotBeOpenedIsATransportFailureOfItsOwnKind() {
        let failure = TransportFailure(
            libcurl: SharedLibraryFailure(
                library: "libcurl.so.4, libcurl.so",
                reason: "libcurl.so.4: cannot open shared object file: No such file or directory"))
        #expect(failure.kind == .libraryMissing)
        #expect(failure.kind.rawValue == "library_missing")
        #expect(failure.message == "libcurl.so.4: cannot open shared object file: No such file or directory")
        #expect(failure.detail == "libcurl.so.4, libcurl.so")
    }
}
