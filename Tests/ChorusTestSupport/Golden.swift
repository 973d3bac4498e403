import Foundation
import Testing

/// One folder of golden files (expected outputs, kept in the source tree). `check` compares; with
/// `CHORUS_RECORD_GOLDEN=1` it records instead, and a missing file is recorded and reported (review, then commit).
public struct Golden: Sendable {
    public let directory: URL
    /// How failure messages name the folder (`Golden/`, `Report/Golden/`).
    public let label: String

    public init(directory: URL, label: String) {
        self.directory = directory
        self.label = label
    }

    /// Whether this run re-records golden files (and other recorded references, such as kept bundles).
    public static var recording: Bool { ProcessInfo.processInfo.environment["CHORUS_RECORD_GOLDEN"] == "1" }

    public func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    public func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = url(name)
        let record = Self.recording
        if record || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            if !record {
                Issue.record(
                    "golden file \(name) was missing and is now recorded: review and commit it",
                    sourceLocation: sourceLocation)
            }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(
            actual == expected, "output differs from \(label)\(name) (CHORUS_RECORD_GOLDEN=1 re-records)",
            sourceLocation: sourceLocation)
    }
}
