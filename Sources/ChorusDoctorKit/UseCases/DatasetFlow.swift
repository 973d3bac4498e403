import Foundation

/// `chorus-doctor dataset import|list|use`: the qualification portal's "Structures and users" dataset, imported once,
/// then used to pick test structures (`lookup --entity`) and a qualification profile's SIRET (`dataset use`).
///
/// `dataset list --json` prints `{ "schema": "chorus-doctor.datasets/1", "datasets": [ <chorus-doctor.dataset/1> ] }`;
/// each dataset is the stored document: `name`, `imported_at`, `source` (`file_name`, `encoding`, `rows`, `columns`,
/// `ignored_columns`) and `entries` (`line`, `entity`, `entity_label`, `identifier`, `identifier_type`, `name`,
/// `id_structure_cpp`, `login`, `first_name`, `last_name`, `role`, `service_code`, `commitment_number`).
public enum DatasetFlow {
    public static let listSchemaName = "chorus-doctor.datasets/1"

    /// Reads, checks and stores a dataset file. Exit 0 imported; 2 the file has problems (nothing stored);
    /// 3 a previous import of that name does not read (left as it is); 70 the file or the state cannot be read or written.
    public static func importFile(_ ctx: DoctorContext, path: String, name: String) -> ExitStatus {
        if case .failure(let problem) = FieldValidation.profileName(name) {
            ctx.console.showError(ctx.strings(problem.key, problem.values) + "\n")
            return .usage
        }
        // A previous import of that name that does not read is reported (and left as it is) before the file is
        // read: the user is told at once, and the old and the new dataset are never in memory together.
        let store = DatasetStore(paths: ctx.paths)
        do {
            _ = try store.load(name)
        } catch {
            ctx.console.showError(ctx.strings("dataset.error.unreadable", ["detail": ctx.strings.detail(error)]) + "\n")
            return .configFile
        }
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
        guard let size else {
            ctx.console.showError(ctx.strings("dataset.error.unreadable_file", ["path": path]) + "\n")
            return .usage
        }
        let text = DatasetText(ctx: ctx, file: url.lastPathComponent)
        let outcome: DatasetImporter.Outcome
        if size > SemicolonFile.maximumBytes {
            let problem = DatasetProblem(
                "dataset.error.too_large",
                ["size": SemicolonFile.megabytes(size), "limit": SemicolonFile.megabytes(SemicolonFile.maximumBytes)])
            outcome = DatasetImporter.Outcome(dataset: nil, errors: [problem], warnings: [])
        } else if let data = FileManager.default.contents(atPath: url.path) {
            outcome = DatasetImporter(name: name, fileName: url.lastPathComponent, now: ctx.clock.now()).read(data)
        } else {
            ctx.console.showError(ctx.strings("dataset.error.unreadable_file", ["path": path]) + "\n")
            return .usage
        }
        let warnings = text.warningLines(outcome.warnings, counts: outcome.warningCounts)
        if !warnings.isEmpty { ctx.console.showError(warnings.joined(separator: "\n") + "\n") }
        guard let dataset = outcome.dataset else {
            for error in outcome.errors { ctx.console.showError(text.line(error, warning: false) + "\n") }
            ctx.console.showError(ctx.strings("dataset.import_refused", ["count": String(outcome.errors.count)]) + "\n")
            return .usage
        }
        let replaced = FileManager.default.fileExists(atPath: store.file(name).path)
        do {
            try store.save(dataset, previousRead: true)
        } catch {
            ctx.console.showError(ctx.strings("error.state_write", ["detail": "\(error)"]) + "\n")
            return .failure
        }
        ctx.console.show(
            ctx.strings(
                replaced ? "dataset.replaced" : "dataset.imported",
                [
                    "name": name, "count": String(dataset.entries.count), "encoding": dataset.source.encoding,
                    "path": store.file(name).path,
                ]) + "\n")
        ctx.console.show(text.entities(dataset))
        return .ok
    }

    /// Shows the imported datasets (one by name, or all).
    public static func list(_ ctx: DoctorContext, name: String?, json: Bool) -> ExitStatus {
        let store = DatasetStore(paths: ctx.paths)
        var datasets: [QualificationDataset] = []
        for candidate in name.map({ [$0] }) ?? store.names() {
            do {
                guard let dataset = try store.load(candidate) else {
                    ctx.console.showError(
                        ctx.strings(
                            "dataset.missing", ["name": candidate, "names": store.names().joined(separator: ", ")])
                            + "\n")
                    return .usage
                }
                datasets.append(dataset)
            } catch {
                ctx.console.showError(
                    ctx.strings("dataset.error.unreadable", ["detail": ctx.strings.detail(error)]) + "\n")
                return .configFile
            }
        }
        if json {
            let document = DatasetList(datasets: datasets)
            ctx.console.out(
                (try? CheckReport.encoder().encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}")
            ctx.console.out("\n")
            return .ok
        }
        guard !datasets.isEmpty else {
            ctx.console.showError(ctx.strings("dataset.none") + "\n")
            return .ok
        }
        let text = DatasetText(ctx: ctx, file: "")
        for (index, dataset) in datasets.enumerated() {
            if index > 0 { ctx.console.show("\n") }
            ctx.console.show(text.header(dataset) + "\n" + text.entities(dataset))
        }
        return .ok
    }

    /// Sets a profile's SIRET to a dataset structure's (the supplier unless `entity` says otherwise).
    /// Refused for a production profile: dataset structures exist in qualification only.
    public static func use(_ ctx: DoctorContext, profile: String, dataset: String?, entity: String) -> ExitStatus {
        let entry: DatasetEntry
        switch DatasetSelection.entry(ctx, dataset: dataset, entity: entity) {
        case .success(let found): entry = found
        case .failure(let refusal):
            ctx.console.showError(refusal.message + "\n")
            return refusal.status
        }
        guard entry.identifierType == "SIRET" else {
            ctx.console.showError(ctx.strings("dataset.use.not_siret", ["type": entry.identifierType]) + "\n")
            return .usage
        }
        if let document = try? ProfileStore(paths: ctx.paths).load(profile),
            let environment = document.environment.flatMap(PlatformEnvironment.init(userInput:)),
            environment == .production
        {
            ctx.console.showError(ctx.strings("dataset.use.production", ["profile": profile]) + "\n")
            return .usage
        }
        return ProfileFlow.update(ctx, name: profile) { document in
            document.siret = entry.identifier
            if document.environment == nil { document.environment = PlatformEnvironment.sandbox.rawValue }
            return ctx.strings(
                "dataset.use.done",
                [
                    "profile": profile, "siret": entry.identifier, "entity": entry.entity.rawValue,
                    "name": entry.name ?? "",
                ])
        }
    }
}

/// What `dataset list --json` prints.
struct DatasetList: Codable {
    var schema = DatasetFlow.listSchemaName
    var toolVersion = ToolVersion.current
    var datasets: [QualificationDataset]
}
