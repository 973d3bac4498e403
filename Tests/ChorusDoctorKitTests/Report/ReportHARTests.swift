import ChorusSimulator
import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The HAR file follows the HAR 1.2 structure (http://www.softwareishard.com/blog/har-12-spec/): every required
/// field present with its type, timings consistent with `time`.
@Suite struct ReportHARTests {
    /// Checks a parsed HAR document against HAR 1.2's required fields; returns the problems found.
    static func problems(_ root: Any) -> [String] {
        var problems: [String] = []
        func object(_ value: Any?, _ path: String) -> [String: Any] {
            guard let dictionary = value as? [String: Any] else {
                problems.append("\(path): not an object")
                return [:]
            }
            return dictionary
        }
        func require<T>(_ dictionary: [String: Any], _ key: String, _ type: T.Type, _ path: String) {
            if !(dictionary[key] is T) { problems.append("\(path).\(key): missing or not \(T.self)") }
        }
        func nameValues(_ value: Any?, _ path: String) {
            guard let list = value as? [Any] else { return problems.append("\(path): not an array") }
            for (index, item) in list.enumerated() {
                let pair = object(item, "\(path)[\(index)]")
                require(pair, "name", String.self, "\(path)[\(index)]")
                require(pair, "value", String.self, "\(path)[\(index)]")
            }
        }
        let log = object(object(root, "")["log"], "log")
        require(log, "version", String.self, "log")
        if log["version"] as? String != "1.2" { problems.append("log.version is not 1.2") }
        let creator = object(log["creator"], "log.creator")
        require(creator, "name", String.self, "log.creator")
        require(creator, "version", String.self, "log.creator")
        let entries = log["entries"] as? [Any] ?? []
        if log["entries"] == nil { problems.append("log.entries missing") }
        let dates = ISO8601DateFormatter()
        dates.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for (index, item) in entries.enumerated() {
            let path = "log.entries[\(index)]"
            let entry = object(item, path)
            if dates.date(from: entry["startedDateTime"] as? String ?? "") == nil {
                problems.append("\(path).startedDateTime")
            }
            require(entry, "time", NSNumber.self, path)
            _ = object(entry["cache"], "\(path).cache")
            let request = object(entry["request"], "\(path).request")
            for key in ["method", "url", "httpVersion"] { require(request, key, String.self, "\(path).request") }
            for key in ["headersSize", "bodySize"] { require(request, key, NSNumber.self, "\(path).request") }
            for key in ["cookies", "headers", "queryString"] { nameValues(request[key], "\(path).request.\(key)") }
            if let post = request["postData"] {
                let postData = object(post, "\(path).request.postData")
                require(postData, "mimeType", String.self, "\(path).request.postData")
            }
            let response = object(entry["response"], "\(path).response")
            require(response, "status", NSNumber.self, "\(path).response")
            for key in ["statusText", "httpVersion", "redirectURL"] {
                require(response, key, String.self, "\(path).response")
            }
            for key in ["headersSize", "bodySize"] { require(response, key, NSNumber.self, "\(path).response") }
            for key in ["cookies", "headers"] { nameValues(response[key], "\(path).response.\(key)") }
            let content = object(response["content"], "\(path).response.content")
            require(content, "size", NSNumber.self, "\(path).response.content")
            require(content, "mimeType", String.self, "\(path).response.content")
            let timings = object(entry["timings"], "\(path).timings")
            for key in ["send", "wait", "receive"] { require(timings, key, NSNumber.self, "\(path).timings") }
            var sum = 0.0
            for key in ["blocked", "dns", "connect", "send", "wait", "receive", "ssl"] {
                guard let value = (timings[key] as? NSNumber)?.doubleValue else { continue }
                if value < -1 { problems.append("\(path).timings.\(key) < -1") }
                if value >= 0, key != "ssl" { sum += value }
            }
            if let time = (entry["time"] as? NSNumber)?.doubleValue, abs(time - sum) > 0.01 {
                problems.append("\(path).time \(time) is not the sum of the timings \(sum)")
            }
        }
        return problems
    }

    /// A real run over loopback HTTP (libcurl → simulator): the HAR of its exchanges validates.
    @Test func harOfASimulatorRunValidates() async throws {
        try await withSimulator(.raccordementMissing) { simulator in
            let home = try ReportHome()
            defer { home.remove() }
            let credentials = simulator.demoCredentials()
            var document = ReportFixture.document(
                clientSecret: credentials.clientSecret, password: credentials.technicalPassword)
            document.tokenURL = credentials.tokenURL.absoluteString
            document.apiBaseURL = credentials.apiBaseURL.absoluteString
            document.clientID = credentials.clientID
            document.technicalLogin = credentials.technicalLogin
            document.siret = credentials.siret
            try home.saveProfile(document)
            let (ctx, _) = try home.command(now: Date())
            let report = await CheckFlow.run(
                ctx, profile: try CheckFlow.loadProfile(ctx, name: ReportFixture.profileName),
                options: .init(profile: ReportFixture.profileName, timeout: .seconds(5)))

            let har = HARDocument(exchanges: report.exchanges)
            let parsed = try JSONSerialization.jsonObject(with: Data(har.json().utf8))
            #expect(Self.problems(parsed).isEmpty, "\(Self.problems(parsed))")
            #expect(har.log.entries.count == report.exchanges.count)
            #expect(har.log.entries.contains { $0.response.status == 403 })
            let token = try #require(har.log.entries.first)
            #expect(token.request.postData?.mimeType == "application/x-www-form-urlencoded")
            #expect(token.request.postData?.text.contains("[REDACTED:client_secret]") == true)
        }
    }

    /// A transfer that got no answer: status 0, the failure in `response._error`, still valid.
    @Test func harOfATransportFailureValidates() async throws {
        var script = ScriptedTransport.healthy
        script["/api/oauth/token"] = .failure(.timeout)
        let report = try await Fixture.run(script)
        let har = HARDocument(exchanges: report.exchanges)
        let parsed = try JSONSerialization.jsonObject(with: Data(har.json().utf8))
        #expect(Self.problems(parsed).isEmpty, "\(Self.problems(parsed))")
        let entry = try #require(har.log.entries.first)
        #expect(entry.response.status == 0)
        #expect(entry.response.error?.contains("timeout") == true)
        #expect(har.json().contains("\"_error\""))
    }

    @Test func timingsFollowHAR() {
        let timings = HARDocument.timings(
            TransferTimings(nameLookupMs: 2, connectMs: 5, tlsHandshakeMs: 12, firstByteMs: 40, totalMs: 43))
        #expect(timings.dns == 2)
        #expect(timings.connect == 10)  // TCP and TLS: HAR counts ssl inside connect
        #expect(timings.ssl == 7)
        #expect(timings.wait == 28)
        #expect(timings.receive == 3)
        let plain = HARDocument.timings(TransferTimings(nameLookupMs: 1, connectMs: 2, firstByteMs: 5, totalMs: 6))
        #expect(plain.ssl == -1)
        #expect(plain.connect == 1)
    }
}
