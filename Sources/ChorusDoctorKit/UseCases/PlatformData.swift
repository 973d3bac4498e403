import Foundation

/// What the platform itself says wins over what was noted by hand: the technical password's expiry date read by
/// the structure stage replaces the profile's, and an account stage that passes settles the setup checklist's
/// raccordement step (often left "waiting" for the validation).
public enum PlatformData {
    /// The setup step an account stage that passes proves done.
    static let raccordementStep = "raccordement"

    /// The platform's expiry date (`YYYY-MM-DD`) when it differs from `noted`.
    public static func newerExpiry(_ report: CheckReport, noted: String?) -> String? {
        guard let platform = report.stage(.structure)?.facts["tech.platform_expiry_date"] else { return nil }
        let notedDay = noted.flatMap(CalendarDay.parse).map(CalendarDay.format)
        return notedDay == platform ? nil : platform
    }

    /// The account stage reached Chorus Pro with the technical account and was let in.
    public static func accountAdmitted(_ report: CheckReport) -> Bool {
        [.pass, .warn].contains(report.stage(.account)?.status)
    }

    /// After `check`: writes the platform's expiry date into the profile file (when the date there came from the
    /// file or nowhere) and marks the raccordement step done in the setup checklist. Returns what was changed,
    /// worded for the user; a write that fails changes nothing and is left for the next run.
    public static func adopt(_ ctx: DoctorContext, profile: ResolvedProfile, report: CheckReport) -> [String] {
        var notices: [String] = []
        let expiryOrigin = profile.technicalPasswordExpiry?.origin
        if profile.filePath != nil, expiryOrigin == nil || expiryOrigin == .file,
            let platform = newerExpiry(report, noted: profile.technicalPasswordExpiry?.value)
        {
            let store = ProfileStore(paths: ctx.paths)
            if var document = try? store.load(profile.name) {
                let noted = document.technicalPasswordExpiry
                document.technicalPasswordExpiry = platform
                if (try? store.save(document, as: profile.name)) != nil {
                    notices.append(notice(ctx.strings, noted: noted, platform: platform, profile: profile.name))
                }
            }
        }
        if accountAdmitted(report) {
            let store = SetupProgressStore(paths: ctx.paths)
            if case .some(.some(var progress)) = try? store.load(profile.name),
                progress.record(raccordementStep).status != .done
            {
                progress.mark(raccordementStep, .done, probe: "pass", now: ctx.clock.now())
                try? store.save(progress)
            }
        }
        return notices
    }

    static func notice(_ strings: Strings, noted: String?, platform: String, profile: String) -> String {
        guard let noted else {
            return strings("structure.expiry_adopted_new", ["platform": platform, "profile": profile])
        }
        return strings("structure.expiry_adopted", ["platform": platform, "noted": noted, "profile": profile])
    }
}
