import Foundation

/// The steps of the setup wizard, as written in `checklists/setup-steps.yaml` (both languages, no Swift literals).
///
/// Compiled into the binary at build time (`ChecklistLibrary.setupSteps`), ids checked unique and field keys known to
/// profiles then.
public struct SetupSteps: Sendable, Equatable {
    public var steps: [SetupStep]

    public init(steps: [SetupStep]) { self.steps = steps }

    public func step(id: String) -> SetupStep? { steps.first { $0.id == id } }

    public func index(of id: String) -> Int? { steps.firstIndex { $0.id == id } }

    /// Every field asked by some step, in step order.
    public var fields: [SetupField] { steps.flatMap { $0.fields ?? [] } }
}

/// One step: why it matters, where to go, what to do and copy, how the tool checks it.
public struct SetupStep: Sendable, Decodable, Equatable {
    public var id: String
    public var number: Int
    public var title: LocalizedText
    public var why: LocalizedText
    public var `where`: Place?
    public var `do`: [SetupLine]
    public var copy: LocalizedText
    public var verify: LocalizedText
    public var help: LocalizedText?
    public var fields: [SetupField]?
    public var probe: SetupProbeKind?
    public var canWait: Bool?
    /// The note proposed when the user says the step waits on something outside (`{date}` is today).
    public var waiting: LocalizedText?
    /// Show the values to copy into the billing software after the step's questions.
    public var recap: Bool?
    /// Something the wizard does itself instead of asking.
    public var action: SetupAction?

    enum CodingKeys: String, CodingKey {
        case id, number, title, why, `where`, `do`, copy, verify, help, fields, probe, waiting, recap, action
        case canWait = "can_wait"
    }

    /// The actions that apply to `environment`.
    public func actions(for environment: PlatformEnvironment?) -> [SetupLine] {
        `do`.filter { line in line.only == nil || environment == nil || line.only == environment }
    }

    public var mayWait: Bool { canWait ?? false }

    /// A portal, the menu path inside it, its address per environment and an optional documentation link.
    public struct Place: Sendable, Decodable, Equatable {
        public var portal: LocalizedText
        public var menu: LocalizedText
        public var url: [String: String]?
        public var link: String?

        public func url(for environment: PlatformEnvironment?) -> String? {
            guard let url else { return nil }
            if let environment { return url[environment.rawValue] }
            let distinct = Set(url.values)
            return distinct.count == 1 ? distinct.first : nil
        }
    }
}

/// An action line, possibly kept to one environment.
public struct SetupLine: Sendable, Decodable, Equatable {
    public var en: String
    public var fr: String
    public var only: PlatformEnvironment?

    public var text: LocalizedText { LocalizedText(en: en, fr: fr) }
}

/// What runs once a step is answered.
public enum SetupProbeKind: String, Sendable, Decodable, CaseIterable {
    /// The network and token stages: do the client id and secret work?
    case token
    /// Every stage up to the technical account and each API.
    case account
    /// The whole check.
    case full
}

/// What the wizard does itself at a step.
public enum SetupAction: String, Sendable, Decodable, CaseIterable {
    /// Sample, analyze, deposit and follow a test invoice (qualification only).
    case firstInvoice = "first_invoice"
}

/// One question of a step, saved under a profile key.
public struct SetupField: Sendable, Decodable, Equatable {
    public var key: String
    public var validator: FieldValidator
    public var label: LocalizedText
    public var help: LocalizedText?
    /// May be left empty.
    public var optional: Bool?
    /// Proposed when nothing is known yet: text with `{environment.token_url}`, `{environment.api_base_url}` or
    /// `{today+N}`.
    public var `default`: String?
    /// The accepted answers (also offered by Tab).
    public var choices: [String]?
    /// Starts of answers offered by Tab (`APP_SANDBOX_`).
    public var suggest: [String]?

    public var isSecret: Bool { validator.isSecret }
    public var isOptional: Bool { optional ?? false }

    /// The default with its placeholders filled.
    public func defaultValue(environment: PlatformEnvironment, now: Date) -> String? {
        guard var text = `default` else { return nil }
        text = text.replacingOccurrences(
            of: "{environment.token_url}", with: environment.defaultTokenURL.absoluteString)
        text = text.replacingOccurrences(
            of: "{environment.api_base_url}", with: environment.defaultAPIBaseURL.absoluteString)
        if let range = text.range(of: #"\{today\+[0-9]+\}"#, options: .regularExpression) {
            let days = Int(text[range].dropFirst(7).dropLast()) ?? 0
            text.replaceSubrange(range, with: CalendarDay.format(CalendarDay.adding(days: days, to: now)))
        }
        return text
    }
}

/// The checks a typed value goes through, named in `setup-steps.yaml`.
public enum FieldValidator: String, Sendable, Decodable, CaseIterable {
    case environment
    case appName = "app_name"
    case clientID = "client_id"
    case clientSecret = "client_secret"
    case url
    case technicalLogin = "technical_login"
    case password
    case date
    case siret
    case userLogin = "user_login"
    case iban

    /// Read with echo off, kept out of history and progress files.
    public var isSecret: Bool { self == .clientSecret || self == .password }

    /// The value as it will be stored, or the reason it is refused (a strings key and its placeholders).
    public func validate(_ raw: String) -> Result<String, ValidationProblem> {
        switch self {
        case .environment:
            PlatformEnvironment(userInput: raw).map { .success($0.rawValue) }
                ?? .failure(ValidationProblem("validation.environment", ["value": raw]))
        case .appName: FieldValidation.applicationName(raw)
        case .clientID: FieldValidation.clientID(raw)
        case .clientSecret: FieldValidation.clientSecret(raw)
        case .url: FieldValidation.endpointURL(raw).map(\.absoluteString)
        case .technicalLogin: FieldValidation.technicalLogin(raw)
        case .password: raw.isEmpty ? .failure(ValidationProblem("wizard.validation.password")) : .success(raw)
        case .date: FieldValidation.date(raw).map(CalendarDay.format)
        case .siret: FieldValidation.siret(raw)
        case .userLogin: FieldValidation.userLogin(raw)
        case .iban: FieldValidation.iban(raw)
        }
    }
}
