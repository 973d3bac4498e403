import Foundation

/// The commands a fix prints, made ready to paste for the profile in use.
///
/// In the rule texts a command is written between backticks (`` `chorus-doctor profile set client_secret` ``); each
/// one whose command takes a profile gets `--profile NAME` after its command words, unless it names one already.
public enum FixCommand {
    /// The fact that carries the profile to name in commands (absent: the commands are left as written).
    public static let profileFact = "profile"

    /// The commands (and subcommands) that take `--profile`.
    static let takesProfile: Set<String> = [
        "check", "report", "bundle", "setup", "lookup", "checklist", "flow status", "flow watch", "profile set",
        "profile unset", "profile show", "profile delete", "dataset use", "invoice sample", "invoice analyze",
        "invoice send",
    ]
    static let groups: Set<String> = ["profile", "flow", "dataset", "setup", "invoice"]

    /// The profile fact for `name`: present when a pasted command without `--profile` would not reach that
    /// profile (it is not `default`, or `CHORUS_PROFILE` picks another one).
    public static func profileFacts(name: String, environment: [String: String]) -> [String: String] {
        let chosen = environment[ProfileChoice.variable] ?? ""
        return name != "default" || !chosen.isEmpty ? [profileFact: name] : [:]
    }

    /// What the fixes may name besides the stage facts: the profile (for commands), the PISTE application, the
    /// expiry a password renewed today gets (424 days).
    public static func contextFacts(profile: ResolvedProfile, environment: [String: String], now: Date)
        -> [String: String]
    {
        // A profile with no file (the demo's, or CHORUS_* variables alone) cannot be named by a command.
        var facts = profile.filePath == nil ? [:] : profileFacts(name: profile.name, environment: environment)
        if let application = profile.pisteApplication?.value, !application.isEmpty {
            facts["piste_application"] = application
        }
        facts["date.renewed_expiry"] = CalendarDay.format(CalendarDay.adding(days: 424, to: now))
        return facts
    }

    /// `text` with `--profile NAME` added to each `chorus-doctor …` command between backticks that lacks it.
    public static func scoped(_ text: String, profile: String) -> String {
        guard text.contains("`chorus-doctor ") else { return text }
        let parts = text.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
        var result: [String] = []
        for (index, part) in parts.enumerated() {
            result.append(index % 2 == 1 ? command(part, profile: profile) : part)
        }
        return result.joined(separator: "`")
    }

    /// One command: `--profile NAME` after its command words, when the command takes a profile.
    public static func command(_ command: String, profile: String) -> String {
        var words = command.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.first == "chorus-doctor", words.count > 1 else { return command }
        if words.contains(where: { $0 == "--profile" || $0 == "-p" || $0.hasPrefix("--profile=") }) { return command }
        if words.contains("--help") || words.contains("--all") || words.contains("--profiles") { return command }
        var path = words[1]
        var end = 2
        if groups.contains(path), words.count > 2, !words[2].hasPrefix("-"),
            takesProfile.contains(path + " " + words[2])
        {
            path += " " + words[2]
            end = 3
        }
        guard takesProfile.contains(path) else { return command }
        words.insert(contentsOf: ["--profile", ShellWord.quote(profile)], at: end)
        return words.joined(separator: " ")
    }
}

/// How a command picks its profile when `--profile` is not given: `CHORUS_PROFILE`, else `default`.
public enum ProfileChoice {
    public static let variable = "CHORUS_PROFILE"

    /// The profile `CHORUS_PROFILE` names in this process, if any.
    public static var chosen: String? {
        let name = initial
        return name == "default" && (ProcessInfo.processInfo.environment[variable] ?? "").isEmpty ? nil : name
    }

    /// The profile a command uses by default in this process.
    public static var initial: String { initial(ProcessInfo.processInfo.environment) }

    public static func initial(_ environment: [String: String]) -> String {
        let chosen = (environment[variable] ?? "").trimmingCharacters(in: .whitespaces)
        return chosen.isEmpty ? "default" : chosen
    }
}
