import Foundation

/// Watches what expires: the technical account password of every profile (every 424 days). Every command prints
/// one line on standard error when an expiry is within 30 days, stronger within 7 days and 1 day, and once it has
/// passed. Standard output (and so `--json`) is never touched. `CHORUS_DOCTOR_NO_EXPIRY_WARNING=1` silences it.
///
/// The date is the freshest one known: the platform's (`dateExpirationMotPasseCompteTech`, kept by the last `check`)
/// when that check is newer than the profile file, else the date noted in the profile.
public enum ExpiryWatch {
    /// Days ahead that start the warnings.
    public static let horizon = 30
    /// More profiles than this are summed up in one line.
    public static let linesAtMost = 3

    public enum Level: String, Sendable, Codable, Comparable {
        /// 8 to 30 days left.
        case notice
        /// 2 to 7 days left.
        case soon
        /// Today or tomorrow.
        case urgent
        case expired

        public static func < (lhs: Level, rhs: Level) -> Bool {
            let order: [Level] = [.notice, .soon, .urgent, .expired]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }

        init?(days: Int) {
            switch days {
            case ..<0: self = .expired
            case 0...1: self = .urgent
            case 2...7: self = .soon
            case 8...ExpiryWatch.horizon: self = .notice
            default: return nil
            }
        }
    }

    /// Where a date comes from.
    public enum Source: String, Sendable, Codable {
        case profile, platform, environment
    }

    /// A password expiring within the horizon (or expired).
    public struct Notice: Sendable, Codable, Equatable {
        public var profile: String
        /// `YYYY-MM-DD`.
        public var date: String
        /// Days left (negative once passed).
        public var days: Int
        public var source: Source
        public var level: Level
    }

    /// The expiry date of one profile's password and where it comes from, nil when none is known.
    public static func expiry(profile: String, paths: Paths) -> (date: Date, source: Source)? {
        let store = ProfileStore(paths: paths)
        let noted = (try? store.load(profile))?.technicalPasswordExpiry.flatMap(CalendarDay.parse)
        let file = paths.profileFile(profile)
        let modified = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate]) as? Date
        if let platform = LastCheck.platformExpiry(profile: profile, paths: paths),
            noted == nil || modified.map({ platform.checkedAt > $0 }) ?? true
        {
            return (platform.date, .platform)
        }
        return noted.map { ($0, .profile) }
    }

    /// Every profile whose password expires within the horizon, most urgent first; plus the date given by
    /// `CHORUS_TECH_PASSWORD_EXPIRY`, which applies to whichever profile a command uses.
    public static func notices(paths: Paths, environment: [String: String], now: Date) -> [Notice] {
        var notices: [Notice] = []
        func consider(_ profile: String, _ date: Date, _ source: Source) {
            let days = CalendarDay.days(from: now, to: date)
            guard let level = Level(days: days) else { return }
            notices.append(
                Notice(profile: profile, date: CalendarDay.format(date), days: days, source: source, level: level))
        }
        for name in ProfileStore(paths: paths).list() {
            if let found = expiry(profile: name, paths: paths) { consider(name, found.date, found.source) }
        }
        if let raw = environment["CHORUS_TECH_PASSWORD_EXPIRY"], let date = CalendarDay.parse(raw) {
            consider("CHORUS_TECH_PASSWORD_EXPIRY", date, .environment)
        }
        return notices.sorted { ($0.days, $0.profile) < ($1.days, $1.profile) }
    }

    /// Prints the warnings on standard error (nothing when all is well or when silenced).
    public static func announce(_ ctx: DoctorContext) {
        guard (ctx.environment["CHORUS_DOCTOR_NO_EXPIRY_WARNING"] ?? "").isEmpty else { return }
        let found = notices(paths: ctx.paths, environment: ctx.environment, now: ctx.clock.now())
        for line in lines(ctx, found) { ctx.console.showError(line + "\n") }
    }

    /// One line per notice, or one summary line when there are many.
    public static func lines(_ ctx: DoctorContext, _ notices: [Notice]) -> [String] {
        guard let first = notices.first else { return [] }
        guard notices.count <= linesAtMost else {
            let expired = notices.filter { $0.level == .expired }.count
            let text = ctx.strings(
                "expiry.summary",
                [
                    "count": String(notices.count), "expired": String(expired), "profile": first.profile,
                    "date": first.date,
                ])
            return [expired > 0 ? ctx.style.red(text) : ctx.style.yellow(text)]
        }
        return notices.map { line(ctx, $0) }
    }

    public static func line(_ ctx: DoctorContext, _ notice: Notice) -> String {
        let values = [
            "profile": notice.profile, "date": notice.date, "days": String(abs(notice.days)),
            "source": ctx.strings("expiry.source.\(notice.source.rawValue)"),
        ]
        switch notice.level {
        case .notice: return ctx.style.dim(ctx.strings("expiry.line.notice", values))
        case .soon: return ctx.style.yellow(ctx.strings("expiry.line.soon", values))
        case .urgent:
            return ctx.style.red(
                ctx.style.bold(ctx.strings(notice.days == 0 ? "expiry.line.today" : "expiry.line.tomorrow", values)))
        case .expired: return ctx.style.red(ctx.style.bold(ctx.strings("expiry.line.expired", values)))
        }
    }
}

/// What the last stored `check` of a profile learnt from the platform, read without decoding the whole report.
enum LastCheck {
    static func platformExpiry(profile: String, paths: Paths) -> (date: Date, checkedAt: Date)? {
        let runs = RunStore(paths: paths, redactor: Redactor())
        guard let url = runs.files(profile: profile).last, let data = try? Data(contentsOf: url),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let stages = object["stages"] as? [[String: Any]]
        else { return nil }
        for stage in stages {
            let facts = stage["facts"] as? [String: String] ?? [:]
            guard let raw = facts["tech.platform_expiry_date"], let date = CalendarDay.parse(raw) else { continue }
            return (
                date,
                started(url) ?? (object["started_at"] as? String).flatMap(InternetDateTime.parse)
                    ?? .distantPast
            )
        }
        return nil
    }

    /// When the run started, from its file name (`RunStore` names runs by their start, to the millisecond).
    static func started(_ url: URL) -> Date? {
        RunFileName.date(of: url.deletingPathExtension().lastPathComponent)
    }
}
