import Foundation

/// Where chorus-doctor keeps its files, per the XDG base directory specification.
///
/// Built from an environment dictionary, so tests point everything at a temporary HOME.
public struct Paths: Sendable {
    /// `$XDG_CONFIG_HOME/chorus-doctor` (default `~/.config/chorus-doctor`): profiles, with secrets, 0600.
    public var config: URL
    /// `$XDG_STATE_HOME/chorus-doctor` (default `~/.local/state/chorus-doctor`): runs, wizard progress, history.
    public var state: URL

    public init(environment: [String: String]) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func base(_ variable: String, _ fallback: String) -> URL {
            if let value = environment[variable], value.hasPrefix("/") {
                return URL(fileURLWithPath: value, isDirectory: true)
            }
            return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(fallback, isDirectory: true)
        }
        config = base("XDG_CONFIG_HOME", ".config").appendingPathComponent("chorus-doctor", isDirectory: true)
        state = base("XDG_STATE_HOME", ".local/state").appendingPathComponent("chorus-doctor", isDirectory: true)
    }

    public var profiles: URL { config.appendingPathComponent("profiles", isDirectory: true) }

    public func profileFile(_ name: String) -> URL { profiles.appendingPathComponent("\(name).yaml") }

    public func runs(profile: String) -> URL {
        state.appendingPathComponent("runs", isDirectory: true).appendingPathComponent(profile, isDirectory: true)
    }
}
