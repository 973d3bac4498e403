import ChorusTransport
import Foundation
import Testing

@Suite("Which proxy libcurl picks from the environment")
struct ProxyEnvironmentTests {
    static let api = URL(string: "https://api.piste.gouv.fr/cpro/structures/v1/consulter")!
    static let local = URL(string: "http://127.0.0.1:8080/")!

    private func proxy(_ environment: [String: String], for url: URL = api) -> String? {
        ProxyEnvironment.proxy(for: url, environment: environment)?.absoluteString
    }

    @Test func noVariablesMeansNoProxy() {
        #expect(proxy([:]) == nil)
        #expect(proxy(["PATH": "/usr/bin"]) == nil)
    }

    @Test func httpsUsesLowercaseThenUppercase() {
        #expect(proxy(["https_proxy": "http://low:1", "HTTPS_PROXY": "http://up:2"]) == "http://low:1")
        #expect(proxy(["HTTPS_PROXY": "http://up:2"]) == "http://up:2")
        // An empty variable counts as unset, as in curl_getenv.
        #expect(proxy(["https_proxy": "", "HTTPS_PROXY": "http://up:2"]) == "http://up:2")
    }

    @Test func httpIgnoresUppercaseHTTPProxy() {
        #expect(proxy(["HTTP_PROXY": "http://up:2"], for: Self.local) == nil)
        #expect(proxy(["http_proxy": "http://low:1"], for: Self.local) == "http://low:1")
        #expect(proxy(["https_proxy": "http://tls:1"], for: Self.local) == nil)
    }

    @Test func allProxyIsTheFallback() {
        #expect(proxy(["all_proxy": "http://a:1", "ALL_PROXY": "http://b:2"]) == "http://a:1")
        #expect(proxy(["ALL_PROXY": "socks5h://b:2"]) == "socks5h://b:2")
        #expect(proxy(["https_proxy": "http://s:1", "all_proxy": "http://a:1"]) == "http://s:1")
    }

    @Test func proxyURLIsCleanedLikeLibcurlReadsIt() {
        #expect(proxy(["https_proxy": "http://user:s3cret@proxy.corp:3128"]) == "http://proxy.corp:3128")
        #expect(proxy(["https_proxy": "http://user:p@ss@proxy.corp:3128/"]) == "http://proxy.corp:3128")
        #expect(proxy(["https_proxy": "proxy.corp:3128"]) == "http://proxy.corp:3128")
        #expect(proxy(["https_proxy": "proxy.corp"]) == "http://proxy.corp:1080")
        #expect(proxy(["https_proxy": "HTTPS://proxy.corp"]) == "https://proxy.corp:443")
    }

    @Test(arguments: [
        ("*", true), ("piste.gouv.fr", true), (".piste.gouv.fr", true), ("gouv.fr.", true),
        ("API.PISTE.GOUV.FR", true), ("other.example, piste.gouv.fr", true), ("other.example piste.gouv.fr", true),
        ("iste.gouv.fr", false), ("api.piste.gouv.fr:443", false), ("*.piste.gouv.fr", false), ("*, other", false),
        ("other.example", false), ("", false),
    ])
    func noProxyForNames(noProxy: String, exempt: Bool) {
        let environment = ["https_proxy": "http://proxy.corp:3128", "no_proxy": noProxy]
        #expect((proxy(environment) == nil) == exempt)
    }

    @Test func lowercaseNoProxyWinsOverUppercase() {
        let environment = ["https_proxy": "http://p:1", "no_proxy": "other.example", "NO_PROXY": "gouv.fr"]
        #expect(proxy(environment) == "http://p:1")
        #expect(proxy(["https_proxy": "http://p:1", "NO_PROXY": "gouv.fr"]) == nil)
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.0.0.0/8", true), ("127.0.0.2", false), ("10.0.0.0/8", false),
        ("localhost", false), ("127.0.0.1/32", true),
    ])
    func noProxyForAddresses(noProxy: String, exempt: Bool) {
        let environment = ["http_proxy": "http://proxy.corp:3128", "no_proxy": noProxy]
        #expect((proxy(environment, for: Self.local) == nil) == exempt)
    }

    @Test func loopbackIsNotExemptUnlessListed() {
        let url = URL(string: "http://localhost:8080/")!
        #expect(proxy(["http_proxy": "http://p:1"], for: url) == "http://p:1")
        #expect(proxy(["http_proxy": "http://p:1", "no_proxy": "localhost"], for: url) == nil)
    }

    @Test func explicitProxyFollowsNoProxyAndEmptyTurnsProxiesOff() {
        let environment = ["https_proxy": "http://env:1", "no_proxy": "example.org"]
        let explicit = ProxyEnvironment.setting(for: Self.api, explicitProxy: "http://opt:2", environment: environment)
        #expect(explicit == ProxySetting(url: URL(string: "http://opt:2")!, source: "option"))
        #expect(ProxyEnvironment.setting(for: Self.api, explicitProxy: "", environment: environment) == nil)
        let exempt = URL(string: "https://www.example.org/")!
        #expect(ProxyEnvironment.setting(for: exempt, explicitProxy: "http://opt:2", environment: environment) == nil)
        let fromEnvironment = ProxyEnvironment.setting(for: Self.api, explicitProxy: nil, environment: environment)
        #expect(fromEnvironment?.source == "https_proxy")
    }
}
