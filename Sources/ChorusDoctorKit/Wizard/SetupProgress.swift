import Foundation

/// Where a setup stands for one profile: each step's status and the answers that are not secrets.
///
/// Kept in `$XDG_STATE_HOME/chorus-doctor/setup/<profile>.json` and rewritten atomically after each step. Secrets
/// never go here: they live only in the profile file (0600).
public struct SetupProgress: Sendable, Codable, Equatable {
    public static let schemaName = "chorus-doctor.setup/1"

    public var schema: String = Self.schemaName
    public var profile: String
    public var environment: String?
    public var startedAt: Date
    public var updatedAt: Date
    /// Step id → where it stands (steps never reached are absent).
    public var steps: [String: StepRecord]
    /// Profile key → value, for the keys that are not secrets.
    public var answers: [String: String]

    public init(profile: String, now: Date) {
        self.profile = profile
        self.startedAt = now
        self.updatedAt = now
        self.steps = [:]
        self.answers = [:]
    }

    /// A step's record, `pending` when the step was never reached.
    public func record(_ id: String) -> StepRecord { steps[id] ?? StepRecord(status: .pending) }

    /// Records a step's new status; a `waiting` step keeps the date it started waiting when it waits again.
    public mutating func mark(
        _ id: String, _ status: StepStatus, note: String? = nil, probe: String? = nil, flow: String? = nil, now: Date
    ) {
        var record = StepRecord(status: status, at: now, note: note, probe: probe, flow: flow)
        if status == .waiting, let previous = steps[id], previous.status == .waiting, let since = previous.since {
            record.since = since
        } else if status == .waiting {
            record.since = now
        }
        steps[id] = record
        updatedAt = now
    }

    /// Keeps the non-secret answers of a profile document (secret keys are dropped, whatever the caller passed).
    public mutating func remember(_ document: ProfileDocument) {
        for key in ProfileDocument.keys where !ProfileDocument.secretKeys.contains(key) && !key.hasSuffix("_command") {
            if let value = document[key] { answers[key] = value } else { answers[key] = nil }
        }
    }

    /// True when every step is done or skipped.
    public func isComplete(_ steps: SetupSteps) -> Bool {
        steps.steps.allSatisfy { [.done, .skipped].contains(record($0.id).status) }
    }

    enum CodingKeys: String, CodingKey {
        case schema, profile, environment, steps, answers
        case startedAt = "started_at"
        case updatedAt = "updated_at"
    }
}

/// What happened to one step.
public enum StepStatus: String, Sendable, Codable {
    case pending, done, skipped, waiting
}

public struct StepRecord: Sendable, Codable, Equatable {
    public var status: StepStatus
    /// When the status was last set.
    public var at: Date?
    /// For `waiting`: what the step waits on, as the user put it ("raccordement requested on 2026-11-22…").
    public var note: String?
    /// For `waiting`: since when.
    public var since: Date?
    /// The outcome of the step's probe, `pass` or `fail`, when it ran (`not_applicable` for the test invoice of
    /// a production profile).
    public var probe: String?
    /// For the first-invoice step: the flow deposited (`numeroFluxDepot`), kept while it is followed and once it is
    /// integrated, so that the next run follows that same flow instead of depositing another invoice.
    public var flow: String?

    public init(status: StepStatus, at: Date? = nil, note: String? = nil, probe: String? = nil, flow: String? = nil) {
        self.status = status
        self.at = at
        self.note = note
        self.probe = probe
        self.flow = flow
    }
}

/// A progress file that does not read. It is moved aside, never overwritten.
public typealias SetupProgressCorrupt = UnreadableStateFile

/// Reads and writes wizard progress files (atomic, 0600).
public struct SetupProgressStore: Sendable {
    public let paths: Paths

    public init(paths: Paths) { self.paths = paths }

    public var directory: URL { paths.state.appendingPathComponent("setup", isDirectory: true) }

    public func file(_ profile: String) -> URL { directory.appendingPathComponent("\(profile).json") }

    /// The progress of `profile`, nil when there is none; throws when the file is unreadable or corrupt.
    public func load(_ profile: String) throws(SetupProgressCorrupt) -> SetupProgress? {
        let url = file(profile)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            let progress = try Self.decoder.decode(SetupProgress.self, from: Data(contentsOf: url))
            guard progress.schema == SetupProgress.schemaName else {
                throw SetupProgressCorrupt(path: url.path, reason: .unknownSchema(progress.schema))
            }
            return progress
        } catch let error as SetupProgressCorrupt {
            throw error
        } catch {
            throw SetupProgressCorrupt(path: url.path, reason: DecodingFailure(error))
        }
    }

    public func save(_ progress: SetupProgress) throws {
        var kept = progress
        for key in ProfileDocument.secretKeys { kept.answers[key] = nil }
        try AtomicFile.write(try Self.encoder.encode(kept), to: file(progress.profile), mode: 0o600)
    }

    /// Renames a corrupt progress file to `<profile>.json.corrupt-<timestamp>` and returns the new place.
    public func setAside(_ profile: String, now: Date) throws -> URL {
        let stamp = Int(now.timeIntervalSince1970)
        let target = directory.appendingPathComponent("\(profile).json.corrupt-\(stamp)")
        try FileManager.default.moveItem(at: file(profile), to: target)
        return target
    }

    /// Every readable progress, most recently changed first (corrupt files are left out).
    public func all() -> [SetupProgress] { readAll().progresses }

    /// Every progress, most recently changed first, and the files that could not be read (for `setup status`,
    /// which reports them instead of saying there is no setup).
    public func readAll() -> (progresses: [SetupProgress], corrupt: [SetupProgressCorrupt]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var progresses: [SetupProgress] = []
        var corrupt: [SetupProgressCorrupt] = []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            do {
                if let progress = try load(String(name.dropLast(5))) { progresses.append(progress) }
            } catch {
                corrupt.append(error)
            }
        }
        return (progresses.sorted { $0.updatedAt > $1.updatedAt }, corrupt)
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .internetDateTime
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .internetDateTime
        return decoder
    }
}
