import Foundation

/// The setup wizard's progress as the report shows it: which steps the user declared done, skipped or waiting,
/// and when. Read from `$XDG_STATE_HOME/chorus-doctor/setup/<profile>.json`, written by the wizard.
///
/// The reading is tolerant on purpose (the wizard owns the format): `{"steps": [...]}`, `{"steps": {id: {...}}}`
/// or a bare array; per step `id` (or `step`), `status` (or `state`, or `done: true`), `note`, `date` (or
/// `updated_at`, `done_at`, `at`). Anything else is ignored; an unreadable file reads as "not available". Steps
/// are ordered and titled as `checklists/setup-steps.yaml` lists them.
public enum SetupChecklistState {
    /// One step as the user declared it.
    public struct Step: Sendable, Codable, Equatable {
        public var id: String
        /// The step's title in the report's language, from `setup-steps.yaml`.
        public var title: String?
        /// The title in both languages (the ticket draft may be in the other one); not in the JSON.
        public var titles: LocalizedText?
        /// `done`, `skipped`, `waiting`, or whatever else the wizard wrote.
        public var status: String
        public var note: String?
        /// As written by the wizard (ISO 8601 or a calendar day).
        public var date: String?

        public init(id: String, title: String? = nil, status: String, note: String? = nil, date: String? = nil) {
            self.id = id
            self.title = title
            self.status = status
            self.note = note
            self.date = date
        }

        enum CodingKeys: String, CodingKey {
            case id, title, status, note, date
        }
    }

    /// Where the wizard keeps a profile's progress.
    public static func file(paths: Paths, profile: String) -> URL {
        paths.state.appendingPathComponent("setup", isDirectory: true).appendingPathComponent("\(profile).json")
    }

    /// The steps, in the wizard's order and titled in `language`, or nil when there is no file or it does not read
    /// as a checklist.
    public static func load(paths: Paths, profile: String, library: ChecklistLibrary, language: Language) -> [Step]? {
        guard let data = try? Data(contentsOf: file(paths: paths, profile: profile)),
            let root = try? JSONSerialization.jsonObject(with: data), let found = steps(in: root)
        else { return nil }
        let known = library.setupSteps.steps
        let order = Dictionary(known.enumerated().map { ($0.element.id, $0.offset) }) { first, _ in first }
        return found.map { step in
            var step = step
            step.titles = known.first { $0.id == step.id }?.title
            step.title = step.titles?.text(language)
            return step
        }.sorted { (order[$0.id] ?? Int.max, $0.id) < (order[$1.id] ?? Int.max, $1.id) }
    }

    static func steps(in root: Any) -> [Step]? {
        let container = (root as? [String: Any])?["steps"] ?? root
        if let list = container as? [Any] {
            return list.compactMap { ($0 as? [String: Any]).flatMap { step($0, id: nil) } }
        }
        if let map = container as? [String: Any] {
            return map.keys.sorted().compactMap { key in (map[key] as? [String: Any]).flatMap { step($0, id: key) } }
        }
        return nil
    }

    static func step(_ object: [String: Any], id fallback: String?) -> Step? {
        guard let id = text(object["id"]) ?? text(object["step"]) ?? fallback else { return nil }
        var status = text(object["status"]) ?? text(object["state"])
        if status == nil, let done = object["done"] as? Bool { status = done ? "done" : "waiting" }
        let date = ["date", "updated_at", "done_at", "at", "updatedAt", "doneAt"].lazy.compactMap { text(object[$0]) }
            .first
        return Step(id: id, status: status ?? "unknown", note: text(object["note"]), date: date)
    }

    private static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: return string.isEmpty ? nil : string
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}
