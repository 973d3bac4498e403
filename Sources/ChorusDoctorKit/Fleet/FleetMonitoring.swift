import Foundation

/// How `check` prints its result: for a person, for scripts, or for the monitoring already in place.
public enum CheckOutputFormat: String, CaseIterable, Sendable {
    case text, json, nagios, prometheus
}

/// `check --format nagios`: the monitoring plugin convention. One status line, `STATE - text | perfdata`, and the
/// plugin exit code: 0 OK, 1 WARNING (a warning, or a password expiring within 30 days), 2 CRITICAL (a profile
/// failed), 3 UNKNOWN (no profile to check, or a profile file that cannot be used). Lines after the first (the
/// plugin's "long output") name the profiles that need attention.
public struct NagiosOutput: Sendable {
    public enum State: Int32, Sendable {
        case ok = 0, warning = 1, critical = 2, unknown = 3

        var word: String {
            switch self {
            case .ok: "OK"
            case .warning: "WARNING"
            case .critical: "CRITICAL"
            case .unknown: "UNKNOWN"
            }
        }
    }

    public var strings: Strings

    public init(strings: Strings) { self.strings = strings }

    /// The worst state of the fleet.
    public static func state(of report: FleetReport) -> State {
        if report.profiles.isEmpty { return .unknown }
        if report.summary.failed > 0 { return .critical }
        if report.summary.unavailable > 0 { return .unknown }
        let expiring = report.profiles.contains { ($0.expiry?.days ?? Int.max) <= ExpiryWatch.horizon }
        return report.summary.warned > 0 || expiring ? .warning : .ok
    }

    public func render(_ report: FleetReport) -> String {
        let state = Self.state(of: report)
        let summary = report.summary
        let text = strings(
            "monitor.nagios.summary",
            [
                "total": String(summary.total), "passed": String(summary.passed), "warned": String(summary.warned),
                "failed": String(summary.failed), "unavailable": String(summary.unavailable),
            ])
        var perfdata = [
            "profiles=\(summary.total);;;0", "passed=\(summary.passed);;;0", "warned=\(summary.warned);;;0",
            "failed=\(summary.failed);;0;0", "unavailable=\(summary.unavailable);0;;0",
            "duration=\(Self.seconds(report.durationMs))s;;;0",
        ]
        for row in report.profiles {
            perfdata.append(Self.label(row.profile + "_duration") + "=\(Self.seconds(row.durationMs))s;;;0")
            if let expiry = row.expiry {
                perfdata.append(
                    Self.label(row.profile + "_password_days") + "=\(expiry.days);\(ExpiryWatch.horizon):;7:")
            }
        }
        var lines = ["CHORUS-DOCTOR \(state.word) - \(Self.plain(text)) | " + perfdata.joined(separator: " ")]
        for row in report.profiles where row.status != .pass || (row.expiry?.days ?? Int.max) <= ExpiryWatch.horizon {
            var line = "\(row.profile): \(row.status.rawValue)"
            if let id = row.diagnosisId { line += " (\(id))" }
            line += " - " + Self.plain(row.error ?? row.message)
            if let expiry = row.expiry {
                line += " " + strings("monitor.nagios.expiry", ["date": expiry.date, "days": String(expiry.days)])
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A perfdata label: quoted, a quote doubled, as the plugin guidelines ask.
    static func label(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "=", with: "_") + "'"
    }

    /// Text without the `|` that would start perfdata, nor line breaks.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "/").split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    static func seconds(_ milliseconds: Double) -> String { String(format: "%.3f", milliseconds / 1000) }
}

/// `check --format prometheus`: the text exposition format (version 0.0.4) for node_exporter's textfile collector,
/// one series per profile (and per stage). Write it to a temporary file and rename it into the collector's
/// directory: `chorus-doctor check --all --format prometheus > dir/chorus.prom.$$ && mv dir/chorus.prom.$$
/// dir/chorus.prom`. The command exits 0 whenever the metrics were written (the results are in them).
public struct PrometheusOutput: Sendable {
    public var strings: Strings

    public init(strings: Strings) { self.strings = strings }

    public func render(_ report: FleetReport) -> String {
        var out: [String] = []
        func family(_ name: String, _ samples: [(labels: [(String, String)], value: String)]) {
            out.append("# HELP chorus_doctor_\(name) " + Self.help(strings("monitor.prometheus.\(name)")))
            out.append("# TYPE chorus_doctor_\(name) gauge")
            for sample in samples {
                let labels = sample.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
                out.append("chorus_doctor_\(name)" + (labels.isEmpty ? "" : "{\(labels)}") + " \(sample.value)")
            }
        }
        let rows = report.profiles
        family("up", rows.map { ([("profile", $0.profile)], $0.status == .unavailable ? "0" : "1") })
        let checked = rows.filter { $0.status != .unavailable }
        family(
            "check_success",
            checked.map { row in
                ([("profile", row.profile), ("environment", row.environment ?? "")], row.status == .fail ? "0" : "1")
            })
        family("check_warnings", checked.map { ([("profile", $0.profile)], $0.status == .warn ? "1" : "0") })
        family("check_duration_seconds", rows.map { ([("profile", $0.profile)], Self.number($0.durationMs / 1000)) })
        var statuses: [(labels: [(String, String)], value: String)] = []
        var durations: [(labels: [(String, String)], value: String)] = []
        for row in checked {
            for stage in row.stages ?? [] {
                for status in StageStatus.allCases {
                    statuses.append(
                        (
                            [("profile", row.profile), ("stage", stage.id.rawValue), ("status", status.rawValue)],
                            stage.status == status ? "1" : "0"
                        ))
                }
                if stage.status != .skip {
                    durations.append(
                        (
                            [("profile", row.profile), ("stage", stage.id.rawValue)],
                            Self.number(stage.durationMs / 1000)
                        )
                    )
                }
            }
        }
        family("stage_status", statuses)
        family("stage_duration_seconds", durations)
        family(
            "password_expiry_days",
            rows.compactMap { row in
                row.expiry.map { ([("profile", row.profile), ("source", $0.source.rawValue)], String($0.days)) }
            })
        family(
            "last_run_timestamp_seconds",
            [([], Self.number(report.startedAt.timeIntervalSince1970))])
        return out.joined(separator: "\n") + "\n"
    }

    /// A label value: backslash, double quote and line feed escaped.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// A HELP text: backslash and line feed escaped.
    static func help(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String { value.isFinite ? String(value) : "NaN" }
}
