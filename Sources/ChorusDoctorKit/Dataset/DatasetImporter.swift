import Foundation

/// Reads a "Structures and users" CSV into a `QualificationDataset`: columns matched by header, every row checked.
///
/// Nothing is guessed silently: a missing column, a row of the wrong width, a SIRET mangled by a spreadsheet
/// (scientific notation, a lost leading zero) or an empty required value stops the import with its line and column;
/// an unknown entity label or an unknown column is kept out of the way and reported as a warning.
public struct DatasetImporter: Sendable {
    /// Errors reported at most (the first ones; a wrong file would give one per row).
    public static let errorLimit = 20

    /// Warnings kept per kind (the count of all of them is in `Outcome.warningCounts`).
    public static let warningsKeptPerKind = 100

    public struct Outcome: Sendable {
        public var dataset: QualificationDataset?
        public var errors: [DatasetProblem]
        public var warnings: [DatasetProblem]
        /// How many warnings of each kind there were, kept or not.
        public var warningCounts: [String: Int] = [:]

        public init(
            dataset: QualificationDataset?, errors: [DatasetProblem], warnings: [DatasetProblem],
            warningCounts: [String: Int]? = nil
        ) {
            self.dataset = dataset
            self.errors = errors
            self.warnings = warnings
            self.warningCounts = warningCounts ?? Dictionary(warnings.map { ($0.key, 1) }, uniquingKeysWith: +)
        }
    }

    public var name: String
    public var fileName: String
    public var now: Date

    public init(name: String, fileName: String, now: Date) {
        self.name = name
        self.fileName = fileName
        self.now = now
    }

    public func read(_ data: Data) -> Outcome {
        do {
            let (text, encoding) = try SemicolonFile.decode(data)
            var outcome = try read(text: text, encoding: encoding)
            if encoding.hasPrefix("Windows") {
                outcome.warnings.insert(DatasetProblem("dataset.warning.latin1"), at: 0)
                outcome.warningCounts["dataset.warning.latin1", default: 0] += 1
            }
            return outcome
        } catch {
            return Outcome(dataset: nil, errors: [error], warnings: [])
        }
    }

    func read(text: String, encoding: String) throws(DatasetProblem) -> Outcome {
        // Rows are checked as they are read: a million-row file is never held twice, and repeated warnings are
        // counted, not all kept.
        var header: SemicolonFile.Row?
        var layout: Layout?
        var errors: [DatasetProblem] = []
        var warnings: [DatasetProblem] = []
        var counts: [String: Int] = [:]
        var entries: [DatasetEntry] = []
        var entities: [String: DatasetEntity?] = [:]
        var layoutProblem: DatasetProblem?
        func warn(_ warning: DatasetProblem) {
            let count = counts[warning.key, default: 0]
            counts[warning.key] = count + 1
            if count < Self.warningsKeptPerKind { warnings.append(warning) }
        }
        try SemicolonFile.forEachRow(text) { row in
            guard layoutProblem == nil, errors.count < Self.errorLimit else { return }
            guard let layout else {
                header = row
                do {
                    let made = try Layout(row)
                    made.warnings.forEach(warn)
                    layout = made
                } catch {
                    layoutProblem = error as? DatasetProblem ?? DatasetProblem("dataset.error.empty")
                }
                return
            }
            let checked = entry(row, layout, entities: &entities)
            if let entry = checked.entry { entries.append(entry) }
            errors += checked.errors
            checked.warnings.forEach(warn)
        }
        if let layoutProblem { throw layoutProblem }
        guard let header, let layout else { throw DatasetProblem("dataset.error.empty") }
        if errors.isEmpty, entries.isEmpty { errors.append(DatasetProblem(line: header.line, "dataset.error.no_rows")) }
        guard errors.isEmpty else {
            return Outcome(
                dataset: nil, errors: Array(errors.prefix(Self.errorLimit)), warnings: warnings, warningCounts: counts)
        }
        let source = QualificationDataset.Source(
            fileName: fileName, encoding: encoding, rows: entries.count,
            columns: Dictionary(
                uniqueKeysWithValues: layout.matched.map { (header.fields[$0.key], $0.value.rawValue) }),
            ignoredColumns: layout.ignored.map { header.fields[$0] })
        let dataset = QualificationDataset(name: name, importedAt: now, source: source, entries: entries)
        return Outcome(dataset: dataset, errors: [], warnings: warnings, warningCounts: counts)
    }

    /// Which field holds which column, from the header row.
    struct Layout {
        var header: SemicolonFile.Row
        /// Field index → column.
        var matched: [Int: DatasetColumn] = [:]
        /// Column → field index (read for every value of every row).
        var positions: [DatasetColumn: Int] = [:]
        var ignored: [Int] = []
        var warnings: [DatasetProblem] = []

        init(_ header: SemicolonFile.Row) throws(DatasetProblem) {
            self.header = header
            if header.fields.count == 1 {
                let only = header.fields[0]
                for (separator, name) in [(",", "comma"), ("\t", "tab"), ("|", "pipe")] where only.contains(separator) {
                    throw DatasetProblem(line: header.line, "dataset.error.separator", ["found": name])
                }
                throw DatasetProblem(line: header.line, "dataset.error.no_separator")
            }
            var seen: [DatasetColumn: Int] = [:]
            for (index, title) in header.fields.enumerated() {
                guard let column = DatasetColumn(header: title) else {
                    if !title.trimmingCharacters(in: .whitespaces).isEmpty { ignored.append(index) }
                    continue
                }
                if let first = seen[column] {
                    throw DatasetProblem(
                        line: header.line, column: index + 1, header: title, "dataset.error.duplicate_column",
                        ["first": header.fields[first], "first_column": String(first + 1)])
                }
                seen[column] = index
                matched[index] = column
                positions[column] = index
            }
            let missing = DatasetColumn.required.filter { seen[$0] == nil }
            if let column = missing.first {
                throw DatasetProblem(
                    line: header.line, "dataset.error.missing_column",
                    [
                        "column": column.rawValue, "expected": column.headers.prefix(4).joined(separator: ", "),
                        "found": header.fields.joined(separator: " | "),
                    ])
            }
            if !ignored.isEmpty {
                warnings.append(
                    DatasetProblem(
                        line: header.line, "dataset.warning.ignored_columns",
                        ["columns": ignored.map { "\(header.fields[$0]) (\($0 + 1))" }.joined(separator: ", ")]))
            }
            if let password = seen[.password] {
                warnings.append(
                    DatasetProblem(
                        line: header.line, column: password + 1, header: header.fields[password],
                        "dataset.warning.password"))
            }
        }

        func index(of column: DatasetColumn) -> Int? { positions[column] }
    }

    /// One row read: the entry, or the problems that stop it.
    func entry(_ row: SemicolonFile.Row, _ layout: Layout, entities: inout [String: DatasetEntity?]) -> (
        entry: DatasetEntry?, errors: [DatasetProblem], warnings: [DatasetProblem]
    ) {
        let width = layout.header.fields.count
        let extra = row.fields.dropFirst(width)
        guard row.fields.count >= width, extra.allSatisfy(\.isBlankField) else {
            let problem = DatasetProblem(
                line: row.line, "dataset.error.width", ["found": String(row.fields.count), "expected": String(width)])
            return (nil, [problem], [])
        }
        var problems: [DatasetProblem] = []
        var warnings: [DatasetProblem] = []
        func value(_ column: DatasetColumn) -> String? {
            guard let index = layout.index(of: column) else { return nil }
            let text = row.fields[index].trimmedField
            return text.isEmpty ? nil : text
        }
        func problem(_ column: DatasetColumn, _ key: String, _ values: [String: String] = [:]) -> DatasetProblem {
            let index = layout.index(of: column) ?? 0
            return DatasetProblem(line: row.line, column: index + 1, header: layout.header.fields[index], key, values)
        }
        let label = value(.entity) ?? ""
        let known = entities[label] ?? DatasetEntity(label: label)
        if entities.count < 1000 { entities[label] = known }
        var entity = known ?? .other
        if label.isEmpty {
            problems.append(problem(.entity, "dataset.error.empty_value"))
        } else if entity == .other {
            warnings.append(problem(.entity, "dataset.warning.unknown_entity", ["value": label]))
            entity = .other
        }
        let type = (value(.identifierType) ?? "SIRET").uppercased()
        if !LookupFlow.identifierTypes.contains(type) {
            problems.append(problem(.identifierType, "dataset.error.identifier_type", ["value": type]))
        }
        var identifier = value(.identifier) ?? ""
        if identifier.isEmpty {
            problems.append(problem(.identifier, "dataset.error.empty_value"))
        } else if type == "SIRET" {
            switch IdentifierCheck.siret(identifier) {
            case .success(let siret): identifier = siret
            case .failure(let check): problems.append(problem(.identifier, check.key, check.values))
            }
        }
        var id: Int64?
        if let raw = value(.idStructureCPP) {
            if let number = Int64(raw) {
                id = number
            } else {
                problems.append(problem(.idStructureCPP, IdentifierCheck.numberKey(raw), ["value": raw]))
            }
        }
        guard problems.isEmpty else { return (nil, problems, warnings) }
        let entry = DatasetEntry(
            line: row.line, entity: entity, entityLabel: label, identifier: identifier, identifierType: type,
            name: value(.name), idStructureCPP: id, login: value(.login), firstName: value(.firstName),
            lastName: value(.lastName), role: value(.role), serviceCode: value(.serviceCode),
            commitmentNumber: value(.commitmentNumber))
        return (entry, [], warnings)
    }
}

/// The checks that catch what spreadsheets do to long numbers.
enum IdentifierCheck {
    static func siret(_ raw: String) -> Result<String, ValidationProblem> {
        if let checked = FieldValidation.fourteenDigitSiret(raw) { return checked }
        let compact = raw.filter { !$0.isWhitespace }
        if looksScientific(compact) { return .failure(ValidationProblem("dataset.error.scientific", ["value": raw])) }
        if compact.count == 13, compact.allSatisfy(\.isNumber) {
            return .failure(ValidationProblem("dataset.error.leading_zero", ["value": raw]))
        }
        return FieldValidation.siret(compact)
    }

    static func numberKey(_ raw: String) -> String {
        looksScientific(raw) ? "dataset.error.scientific" : "dataset.error.not_a_number"
    }

    /// `9,52602E+13`, `9.52602e13`.
    static func looksScientific(_ text: String) -> Bool {
        // By hand, not a regular expression: it runs for every row of a file that may have a million.
        var rest = Substring(text)
        func digits() -> Bool {
            let start = rest.startIndex
            rest = rest.drop { $0.isASCII && $0.isNumber }
            return rest.startIndex > start
        }
        guard digits() else { return false }
        if let first = rest.first, first == "." || first == "," {
            rest = rest.dropFirst()
            guard digits() else { return false }
        }
        guard let e = rest.first, e == "e" || e == "E" else { return false }
        rest = rest.dropFirst()
        if let sign = rest.first, sign == "+" || sign == "-" { rest = rest.dropFirst() }
        return digits() && rest.isEmpty
    }
}
