import Foundation

/// The two languages every user-facing sentence exists in.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en, fr

    /// `--lang` wins; else the POSIX locale variables in their usual order (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    public static func resolve(flag: String?, environment: [String: String]) -> Language {
        if let flag, let language = Language(code: flag) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("fr") ? .fr : .en
        }
        return .en
    }

    /// Accepts `fr`, `FR`, `fr_FR.UTF-8`, `french`, `en-GB`…
    public init?(code: String) {
        let lower = code.lowercased()
        if lower.hasPrefix("fr") {
            self = .fr
        } else if lower.hasPrefix("en") {
            self = .en
        } else {
            return nil
        }
    }
}

/// A sentence in both languages, as written in `checklists/`.
public struct LocalizedText: Sendable, Codable, Hashable {
    public var en: String
    public var fr: String

    public init(en: String, fr: String) {
        self.en = en
        self.fr = fr
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .en: en
        case .fr: fr
        }
    }
}
