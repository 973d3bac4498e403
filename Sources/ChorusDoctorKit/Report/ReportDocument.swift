import Foundation

/// A report laid out as sections of simple blocks, so Markdown and plain text say exactly the same thing.
public struct ReportDocument: Sendable, Equatable {
    public var title: String
    public var sections: [Section]
    /// Between a label and its value: `": "` in English, `" : "` in French.
    public var separator: String

    /// A titled part of the report.
    public struct Section: Sendable, Equatable {
        public var title: String
        public var blocks: [Block]
    }

    /// What a section holds, rendered the same way in every format.
    public enum Block: Sendable, Equatable {
        case paragraph(String)
        /// Label → value rows.
        case fields([Field])
        case table(header: [String], rows: [[String]])
        case list([String], numbered: Bool)
        /// Pre-formatted text (a ticket body, an HTTP exchange), with a syntax hint for Markdown.
        case code(String, syntax: String)
    }

    /// One label and its value.
    public struct Field: Sendable, Equatable {
        public var label: String
        public var value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }
}

/// The report's formats.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown = "md"
    case text
    case json

    /// Accepts `md`, `markdown`, `text`, `txt`, `json`.
    public init?(option: String) {
        switch option.lowercased() {
        case "md", "markdown": self = .markdown
        case "text", "txt", "plain": self = .text
        case "json": self = .json
        default: return nil
        }
    }

    /// Renders a report in this format.
    public func render(_ report: SupportReport, strings: Strings) -> String {
        switch self {
        case .json:
            let data = (try? CheckReport.encoder().encode(report)) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .markdown:
            return MarkdownReport.render(ReportLayout(strings: strings).document(report))
        case .text:
            return PlainTextReport.render(ReportLayout(strings: strings).document(report))
        }
    }
}

/// Markdown (CommonMark with GitHub tables): what ticket forms and ERP vendors' trackers show well.
public enum MarkdownReport {
    public static func render(_ document: ReportDocument) -> String {
        var out = "# \(document.title)\n"
        for section in document.sections {
            out += "\n## \(section.title)\n"
            for block in section.blocks { out += "\n" + render(block, separator: document.separator) }
        }
        return out
    }

    static func render(_ block: ReportDocument.Block, separator: String) -> String {
        switch block {
        case .paragraph(let text):
            return text + "\n"
        case .fields(let fields):
            return fields.map { "- **\($0.label)**\(separator)\($0.value)" }.joined(separator: "\n") + "\n"
        case .table(let header, let rows):
            return table(header: header, rows: rows)
        case .list(let items, let numbered):
            return items.enumerated().map { (numbered ? "\($0.offset + 1). " : "- ") + $0.element }
                .joined(separator: "\n") + "\n"
        case .code(let text, let syntax):
            let fence = text.contains("```") ? "~~~~" : "```"
            return "\(fence)\(syntax)\n\(text)\n\(fence)\n"
        }
    }

    static func table(header: [String], rows: [[String]]) -> String {
        func row(_ cells: [String]) -> String { "| " + cells.map(cell).joined(separator: " | ") + " |" }
        var lines = [row(header), "|" + header.map { _ in "---|" }.joined()]
        lines += rows.map(row)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table cell: one line, pipes escaped.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

/// Plain text: for e-mails and ticket forms that do not render Markdown.
public enum PlainTextReport {
    public static func render(_ document: ReportDocument) -> String {
        var out = document.title + "\n" + String(repeating: "=", count: document.title.count) + "\n"
        for section in document.sections {
            out += "\n" + section.title + "\n" + String(repeating: "-", count: section.title.count) + "\n"
            for block in section.blocks { out += "\n" + render(block) }
        }
        return out
    }

    static func render(_ block: ReportDocument.Block) -> String {
        switch block {
        case .paragraph(let text):
            return text + "\n"
        case .fields(let fields):
            let width = fields.map(\.label.count).max() ?? 0
            return fields.map { $0.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.value }
                .joined(separator: "\n") + "\n"
        case .table(let header, let rows):
            let all = [header] + rows
            let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
            return all.map { cells in
                cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            }.joined(separator: "\n") + "\n"
        case .list(let items, let numbered):
            return items.enumerated().map { (numbered ? "  \($0.offset + 1). " : "  - ") + $0.element }
                .joined(separator: "\n") + "\n"
        case .code(let text, _):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
                .joined(separator: "\n") + "\n"
        }
    }
}
