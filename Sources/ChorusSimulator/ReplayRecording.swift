import Foundation

/// The exchanges of a support bundle (or any HAR 1.2 file), ready to be served again by `Simulator.replay`.
///
/// A bundle's `exchanges.har` holds redacted excerpts: bodies cut at 2 KiB, secrets as `[REDACTED:…]`. That is
/// enough to replay a diagnosis: the doctor decides on statuses, headers and the fields it reads, never on a secret.
public struct ReplayRecording: Sendable {
    /// One recorded call: what was asked (method, path) and what came back, or how the transfer failed.
    public struct Call: Sendable, Equatable {
        public var method: String
        public var path: String
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: Data
        /// `response._error` (e.g. `timeout: …`): no HTTP answer came.
        public var failure: String?
        /// The request body as recorded (redacted), to find the SIRET searched for.
        public var requestBody: String?

        public static func == (a: Call, b: Call) -> Bool {
            a.method == b.method && a.path == b.path && a.status == b.status && a.body == b.body
                && a.failure == b.failure && a.headers.map(\.name) == b.headers.map(\.name)
                && a.headers.map(\.value) == b.headers.map(\.value)
        }
    }

    /// Why a file cannot be replayed.
    public struct Unreadable: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public var calls: [Call]
    /// From the bundle's `report.json` `connection`, when there is one.
    public var siret: String?
    public var technicalPasswordExpiry: String?
    public var environment: String?

    /// The token request's path, as recorded (`/api/oauth/token` unless the user's URL was wrong).
    public var tokenPath: String {
        calls.first { $0.method == "POST" && !$0.path.contains("/cpro/") }?.path ?? "/api/oauth/token"
    }

    /// What the user's API base URL had before `/cpro/…` (empty for a correct one).
    public var apiPrefix: String {
        guard let path = calls.first(where: { $0.path.contains("/cpro/") })?.path,
            let range = path.range(of: "/cpro/")
        else { return "" }
        return String(path[..<range.lowerBound])
    }

    /// The SIRET the recorded check worked with: the report's, or the one its structure search asked for.
    public var recordedSiret: String? {
        if let siret { return siret }
        for call in calls {
            guard let body = call.requestBody, let range = body.range(of: #""identifiantStructure":""#) else {
                continue
            }
            let digits = body[range.upperBound...].prefix { $0.isNumber }
            if digits.count == 14 { return String(digits) }
        }
        return nil
    }

    /// Values for a profile that points at a replay on `baseURL`: the recorded paths, SIRET and expiry date, and
    /// made-up credentials (the recorded ones are redacted, and the replay does not check them).
    public func credentials(baseURL: URL) -> DemoCredentials {
        let base =
            baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return DemoCredentials(
            tokenURL: URL(string: base + tokenPath)!, apiBaseURL: URL(string: base + apiPrefix)!,
            clientID: "00000000-0000-4000-8000-000000000000", clientSecret: "replayed-secret-not-recorded",
            technicalLogin: "TECH_1_replay@cpro.fr", technicalPassword: "replayed-password-not-recorded",
            siret: recordedSiret ?? "", pisteApplicationName: "replay",
            technicalPasswordExpiry: technicalPasswordExpiry.flatMap { day.date(from: String($0.prefix(10))) },
            userLogin: "replay@example.test")
    }

    /// Reads a bundle (`.zip`, `.tar.gz`, `.tgz`) or a HAR file.
    public static func load(_ url: URL) throws(Unreadable) -> ReplayRecording {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw Unreadable(description: "\(error.localizedDescription)")
        }
        let name = url.lastPathComponent.lowercased()
        var files: [String: Data]
        if name.hasSuffix(".zip") || data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            files = try BundleArchive.zipEntries(data)
        } else if name.hasSuffix(".tar.gz") || name.hasSuffix(".tgz") || data.starts(with: [0x1F, 0x8B]) {
            files = try BundleArchive.tarEntries(try BundleArchive.gunzip(data))
        } else {
            files = ["exchanges.har": data]
        }
        guard let har = files.first(where: { $0.key.hasSuffix("exchanges.har") })?.value else {
            throw Unreadable(description: "no exchanges.har in \(url.lastPathComponent)")
        }
        var recording = try parse(har: har)
        if let report = files.first(where: { $0.key.hasSuffix("report.json") })?.value,
            let object = (try? JSONSerialization.jsonObject(with: report)) as? [String: Any],
            let connection = object["connection"] as? [String: Any]
        {
            recording.siret = connection["siret"] as? String
            recording.technicalPasswordExpiry = connection["technical_password_expiry"] as? String
            recording.environment = connection["environment"] as? String
        }
        files.removeAll()
        return recording
    }

    /// The calls of a HAR 1.2 document, in its order.
    public static func parse(har: Data) throws(Unreadable) -> ReplayRecording {
        guard let root = (try? JSONSerialization.jsonObject(with: har)) as? [String: Any],
            let log = root["log"] as? [String: Any], let entries = log["entries"] as? [[String: Any]]
        else { throw Unreadable(description: "not a HAR document (no log.entries)") }
        let calls = entries.compactMap { entry -> Call? in
            guard let request = entry["request"] as? [String: Any], let response = entry["response"] as? [String: Any],
                let method = request["method"] as? String, let url = request["url"] as? String
            else { return nil }
            let path = URLComponents(string: url)?.path ?? url
            let headers = (response["headers"] as? [[String: Any]] ?? []).compactMap { pair -> (String, String)? in
                guard let name = pair["name"] as? String, let value = pair["value"] as? String else { return nil }
                return (name, value)
            }
            let content = response["content"] as? [String: Any]
            let status = (response["status"] as? NSNumber)?.intValue ?? 0
            return Call(
                method: method.uppercased(), path: path.isEmpty ? "/" : path, status: status,
                headers: headers, body: Data((content?["text"] as? String ?? "").utf8),
                failure: response["_error"] as? String ?? (status == 0 ? "no answer" : nil),
                requestBody: (request["postData"] as? [String: Any])?["text"] as? String)
        }
        guard !calls.isEmpty else { throw Unreadable(description: "no recorded HTTP exchange") }
        return ReplayRecording(calls: calls)
    }
}
