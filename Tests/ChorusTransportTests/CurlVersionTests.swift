import ChorusTransport
import Testing

@Test func curlVersionNamesLibcurlAndItsTLSLibrary() {
    #expect(CurlVersion.description.hasPrefix("libcurl/"))
    #expect(CurlVersion.description.count > "libcurl/".count)
    #expect(CurlVersion.tlsBackend != "none")
}
