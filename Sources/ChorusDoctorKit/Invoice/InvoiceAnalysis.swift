import ChorusTransport
import Foundation

/// What `invoice analyze --json` prints (schema `chorus-doctor.invoice-analysis/1`), snake_case keys:
///
/// ```
/// { "schema": "chorus-doctor.invoice-analysis/1", "tool_version": "…", "file": "/path/F-1.xml",
///   "file_name": "F-1.xml", "size": 4123, "syntax": "IN_DP_E1_CII_16B",   // null when unreadable
///   "fields": { "syntax": "…", "number": "…", "supplier_siret": "…", "buyer_siret": "…", "service_code": null,
///               "commitment_number": null, "is_generated_sample": true, … } | null,
///   "profile": "default" | null, "environment": "sandbox" | null,
///   "platform_checked": true,          // false with --offline or when the platform could not be asked
///   "verdict": "clean",                // clean | warnings | findings
///   "findings": [ { InvoiceFinding } ],
///   "problem": { CallProblem } | null, // the platform could not be asked (session or call failure)
///   "exchanges": [ … ] }               // --verbose only, redacted
/// ```
public struct InvoiceAnalysisReport: Sendable, Codable {
    public static let schemaName = "chorus-doctor.invoice-analysis/1"

    public enum Verdict: String, Sendable, Codable {
        case clean, warnings, findings
    }

    public var schema = Self.schemaName
    public var toolVersion = ToolVersion.current
    public var file: String
    public var fileName: String
    public var size: Int?
    public var syntax: InvoiceSyntax?
    public var fields: InvoiceFields?
    public var profile: String?
    public var environment: String?
    public var platformChecked = false
    public var verdict: Verdict = .clean
    public var findings: [InvoiceFinding] = []
    public var problem: CallProblem?
    public var exchanges: [RecordedExchange]?

    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    mutating func settle() {
        verdict = hasErrors ? .findings : (findings.isEmpty ? .clean : .warnings)
    }
}

/// The checks themselves: offline on the bytes, then against the platform through a `PlatformSession`.
struct InvoiceAnalyzer {
    var book: InvoiceCheckBook
    var language: Language

    /// Reads and checks the file offline; the fields are nil when the file cannot be read as an invoice.
    func offline(
        _ report: inout InvoiceAnalysisReport, data: Data?, readError: String?, declared: InvoiceSyntax?
    ) {
        func add(_ id: String, _ facts: [String: String] = [:]) {
            var all = facts
            all["file"] = report.file
            report.findings.append(book.finding(id, all, language: language))
        }
        checkName(report.fileName, add)
        if let size = report.size, size > book.limits.maxBytes {
            add("file.too-large", ["size": String(size), "limit": String(book.limits.maxBytes)])
            return
        }
        guard let data else { return add("file.unreadable", ["detail": readError ?? "?"]) }
        guard !data.isEmpty else { return add("file.empty") }
        let syntaxName = (declared ?? .cii).rawValue
        let xml: XMLValues
        do throws(XMLValues.Failure) {
            xml = try XMLValues.read(data)
        } catch {
            switch error {
            case .malformed: return add("xml.malformed", ["syntax": syntaxName])
            case .readerMissing(let failure):
                return add("xml.reader-missing", ["library": failure.library, "reason": failure.reason])
            }
        }
        guard let fields = InvoiceFields(xml) else {
            return add("xml.not-invoice", ["root": xml.root, "syntax": syntaxName])
        }
        report.fields = fields
        report.syntax = declared ?? fields.syntax
        if let declared, declared != fields.syntax {
            add("xml.syntax-mismatch", ["found": fields.syntax.shortName, "syntax": declared.rawValue])
        }
        if fields.number == nil { add("invoice.number-missing") }
        checkParty(fields.supplierSiret, missing: "supplier.siret-missing", invalid: "supplier.siret-invalid", add)
        checkParty(fields.buyerSiret, missing: "buyer.siret-missing", invalid: "buyer.siret-invalid", add)
        if fields.totalsInconsistent == true {
            let lines = TestInvoice.amount(fields.lineTotals.compactMap(InvoiceFields.cents).reduce(0, +))
            add(
                "totals.inconsistent",
                [
                    "lines": lines, "basis": fields.taxBasisTotal ?? "?", "tax": fields.taxTotal ?? "?",
                    "grand": fields.grandTotal ?? "?",
                ])
        }
    }

    func checkName(_ name: String, _ add: (String, [String: String]) -> Void) {
        let allowed = book.limits.nameExtraCharacters
        let fine =
            !name.isEmpty && name.count <= book.limits.maxNameLength && name.lowercased().hasSuffix(".xml")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || allowed.contains($0)) }
        if !fine { add("file.name", ["name": name, "limit": String(book.limits.maxNameLength)]) }
    }

    func checkParty(
        _ siret: String?, missing: String, invalid: String, _ add: (String, [String: String]) -> Void
    ) {
        guard let siret else { return add(missing, [:]) }
        if case .failure = FieldValidation.siret(siret) { add(invalid, ["siret": siret]) }
    }

    /// The checks only the platform can answer: the supplier is the account's, the buyer exists, is active, and
    /// what it requires. Returns the problem of a call that failed (the checks after it are not run).
    func online(_ report: inout InvoiceAnalysisReport, session: PlatformSession, explainer: Explainer?) async
        -> CallProblem?
    {
        guard let fields = report.fields else { return nil }
        let directory = StructureDirectory(session: session, explainer: explainer, language: language, pageSize: 100)
        let profile = session.profile.name
        func add(_ id: String, _ facts: [String: String]) {
            report.findings.append(book.finding(id, facts, language: language))
        }
        if let supplier = fields.supplierSiret {
            switch await SupplierCheck(session: session, explainer: explainer, language: language).run(supplier) {
            case .failure(let problem): return problem
            case .success(.attached): break
            case .success(.unknown): add("supplier.unknown", ["siret": supplier])
            case .success(.notAttached(let attached)):
                add("supplier.not-attached", ["siret": supplier, "profile": profile, "attached": attached])
            }
        }
        guard let buyer = fields.buyerSiret else { return nil }
        let found: LookupReport.Structure
        switch await directory.search(buyer, type: "SIRET") {
        case .failure(let problem): return problem
        case .success(nil):
            add("buyer.unknown", ["siret": buyer])
            return nil
        case .success(let structure?): found = structure
        }
        let facts = ["siret": buyer, "name": found.name]
        if found.status.uppercased() == "INACTIVE" {
            add("buyer.inactive", facts)
            return nil
        }
        let detailed: LookupReport.Structure
        switch await directory.details(found) {
        case .failure(let problem): return problem
        case .success(let value): detailed = value
        }
        return await requirements(&report, fields, detailed, facts, directory: directory)
    }

    /// Service code and commitment number against what the buyer and its service require.
    func requirements(
        _ report: inout InvoiceAnalysisReport, _ fields: InvoiceFields, _ buyer: LookupReport.Structure,
        _ facts: [String: String], directory: StructureDirectory
    ) async -> CallProblem? {
        func add(_ id: String, _ extra: [String: String] = [:]) {
            report.findings.append(book.finding(id, facts.merging(extra) { $1 }, language: language))
        }
        var commitmentRequired = buyer.commitmentRequired == true
        var forService = ""
        if let code = fields.serviceCode {
            let services: [LookupReport.Service]
            switch await directory.services(of: buyer.idStructureCPP) {
            case .failure(let problem): return problem
            case .success(let list): services = list
            }
            // Exact: the platform compares codes as written.
            guard let match = services.first(where: { $0.code == code }) else {
                let close = ServiceCodes.closest(to: code, in: services.filter(\.active).map(\.code))
                let list = close.isEmpty ? "-" : close.joined(separator: ", ")
                add("service.unknown", ["service": code, "suggestions": list])
                return nil
            }
            guard match.active else {
                add("service.inactive", ["service": match.code])
                return nil
            }
            switch await directory.commitmentRequired(service: match.id, structure: buyer.idStructureCPP) {
            case .failure(let problem): return problem
            case .success(let required):
                if required == true {
                    commitmentRequired = true
                    forService = " (service \(match.code))"
                }
            }
        } else if buyer.serviceCodeRequired == true {
            add("service.missing")
        }
        if commitmentRequired, fields.commitmentNumber == nil { add("commitment.missing", ["for_service": forService]) }
        if buyer.commitmentOrServiceRequired == true, fields.serviceCode == nil, fields.commitmentNumber == nil,
            buyer.serviceCodeRequired != true
        {
            add("commitment-or-service.missing")
        }
        return nil
    }
}
