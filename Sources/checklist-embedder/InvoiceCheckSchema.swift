/// `invoice-checks.yaml`: the offline checks of an invoice file (see `InvoiceCheckBook` in the Kit).
struct InvoiceCheckFile: Decodable {
    var limits: Limits
    var checks: [Check]

    struct Limits: Decodable {
        var maxBytes: Int
        var maxNameLength: Int
        var nameExtraCharacters: String

        enum CodingKeys: String, CodingKey {
            case maxBytes = "max_bytes"
            case maxNameLength = "max_name_length"
            case nameExtraCharacters = "name_extra_characters"
        }
    }

    struct Check: Decodable {
        var id: String
        var severity: String
        var rejection: String?
        var source: String
        var cause: Text
        var fixes: [Text]
    }

    /// `InvoiceCheckBook(checks: […], limits: …)`, after checking ids are unique and severities known.
    static func swift(_ source: YAMLSource) throws -> String {
        let file = try source.decode(InvoiceCheckFile.self)
        var seen = Set<String>()
        var out = "InvoiceCheckBook(\n    checks: [\n"
        for (index, check) in file.checks.enumerated() {
            let path: [PathStep] = [.key("checks"), .index(index)]
            guard seen.insert(check.id).inserted else {
                throw source.problem(at: path + [.key("id")], "check id '\(check.id)' appears twice")
            }
            let severity = try Vocabulary.severity.member(check.severity, in: source, at: path + [.key("severity")])
            out += "        InvoiceCheckBook.Check(\n"
            out += "            id: \(SwiftLiteral.string(check.id)), severity: \(severity),\n"
            out += "            rejection: \(SwiftLiteral.optional(check.rejection)),\n"
            out += "            source: \(SwiftLiteral.string(check.source)),\n"
            out += "            cause: \(check.cause.swift),\n"
            out += "            fixes: [\(check.fixes.map(\.swift).joined(separator: ", "))]),\n"
        }
        let limits = file.limits
        out += "    ],\n    limits: InvoiceCheckBook.Limits(\n"
        out += "        maxBytes: \(limits.maxBytes), maxNameLength: \(limits.maxNameLength),\n"
        out += "        nameExtraCharacters: \(SwiftLiteral.string(limits.nameExtraCharacters))))"
        return out
    }
}
