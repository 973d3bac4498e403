import Foundation

/// Something in a dataset file that stops the import, located as precisely as the file allows.
public struct DatasetProblem: Error, Sendable, Hashable {
    /// 1-based line of the file, when the problem has one.
    public var line: Int?
    /// 1-based column (field number), when the problem has one.
    public var column: Int?
    /// The header of that column, when known.
    public var header: String?
    /// A strings key and its placeholders.
    public var key: String
    public var values: [String: String]

    public init(
        line: Int? = nil, column: Int? = nil, header: String? = nil, _ key: String, _ values: [String: String] = [:]
    ) {
        self.line = line
        self.column = column
        self.header = header
        self.key = key
        self.values = values
    }
}

/// A semicolon-separated text file as the qualification portal and spreadsheets write it: optional BOM, UTF-8 or
/// Windows-1252 (Latin-1), quoted fields (`""` inside quotes), LF, CRLF or CR line ends, lines starting with `#`
/// before the header treated as comments.
public enum SemicolonFile {
    /// Largest file read.
    public static let maximumBytes = 20 * 1024 * 1024

    public struct Row: Sendable, Equatable {
        /// The line the row starts on.
        public var line: Int
        public var fields: [String]
    }

    /// The text of the file and the encoding it was read in.
    public static func decode(_ data: Data) throws(DatasetProblem) -> (text: String, encoding: String) {
        guard data.count <= maximumBytes else {
            throw DatasetProblem(
                "dataset.error.too_large", ["size": megabytes(data.count), "limit": megabytes(maximumBytes)])
        }
        let bytes = [UInt8](data.prefix(4))
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { throw DatasetProblem("dataset.error.workbook") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(data: data.dropFirst(3), encoding: .utf8) else {
                throw DatasetProblem("dataset.error.bad_utf8_after_bom")
            }
            return (text, "UTF-8 with BOM")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else { throw DatasetProblem("dataset.error.binary") }
            return (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, "UTF-16")
        }
        if let nul = data.firstIndex(of: 0) {
            throw DatasetProblem(line: line(ofOffset: nul - data.startIndex, in: data), "dataset.error.binary")
        }
        if let text = String(data: data, encoding: .utf8) { return (text, "UTF-8") }
        if let text = String(data: data, encoding: .windowsCP1252) ?? String(data: data, encoding: .isoLatin1) {
            return (text, "Windows-1252 (Latin-1)")
        }
        throw DatasetProblem("dataset.error.binary")
    }

    /// The rows of `text`, comments and blank lines left out. Throws on a quote that never closes or text after
    /// a closing quote.
    public static func rows(_ text: String, separator: UInt8 = UInt8(ascii: ";")) throws(DatasetProblem) -> [Row] {
        var rows: [Row] = []
        try forEachRow(text, separator: separator) { rows.append($0) }
        return rows
    }

    /// The rows of `text` one by one, as they are read (a million-row file is never held as rows).
    ///
    /// Read as UTF-8 bytes: every character that matters here (the separator, quotes, line ends, `#`, space) is
    /// ASCII, and no byte of a multi-byte UTF-8 sequence is, so a field's bytes are copied as they are.
    public static func forEachRow(
        _ text: String, separator: UInt8 = UInt8(ascii: ";"), _ body: (Row) -> Void
    ) throws(DatasetProblem) {
        // A native string's UTF-8 is read in place, not copied (a 20 MB file would be held twice).
        var text = text
        text.makeContiguousUTF8()
        let problem =
            text.utf8.withContiguousStorageIfAvailable { read($0, separator: separator, body) }
            ?? Array(text.utf8).withUnsafeBufferPointer { read($0, separator: separator, body) }
        if let problem { throw problem }
    }

    private static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, _ body: (Row) -> Void
    ) -> DatasetProblem? {
        let quote = UInt8(ascii: "\""), carriageReturn = UInt8(ascii: "\r"), lineFeed = UInt8(ascii: "\n")
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var rowLine = 1
        var quoted = false
        var quoteOpenedAt = (line: 1, column: 1)
        var afterQuote = false
        var atRowStart = true
        var headerSeen = false
        var index = 0
        let count = bytes.count

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            let blank = fields.allSatisfy(\.isBlankField)
            if !blank {
                body(Row(line: rowLine, fields: fields))
                headerSeen = true
            }
            fields.removeAll(keepingCapacity: true)
            afterQuote = false
            atRowStart = true
        }

        while index < count {
            let byte = bytes[index]
            index += 1
            if atRowStart {
                rowLine = line
                atRowStart = false
                // A comment line before the header is kept whole, whatever it contains.
                if !headerSeen && byte == UInt8(ascii: "#") {
                    while index < count, bytes[index] != lineFeed, bytes[index] != carriageReturn { index += 1 }
                    continue
                }
            }
            if quoted {
                if byte == quote {
                    if index < count, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == lineFeed || (byte == carriageReturn && (index >= count || bytes[index] != lineFeed)) {
                        line += 1
                    }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case separator:
                endField()
                afterQuote = false
            case carriageReturn, lineFeed:
                if byte == carriageReturn, index < count, bytes[index] == lineFeed { index += 1 }
                endRow()
                line += 1
            case quote where field.isEmpty && !afterQuote:
                quoted = true
                quoteOpenedAt = (line, fields.count + 1)
            default:
                if afterQuote && byte != UInt8(ascii: " ") {
                    return DatasetProblem(line: line, column: fields.count + 1, "dataset.error.after_quote")
                }
                if !afterQuote { field.append(byte) }
            }
        }
        if quoted {
            return DatasetProblem(line: quoteOpenedAt.line, column: quoteOpenedAt.column, "dataset.error.open_quote")
        }
        if !atRowStart || !fields.isEmpty || !field.isEmpty { endRow() }
        return nil
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }

    static func line(ofOffset offset: Int, in data: Data) -> Int {
        data.prefix(offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}

extension String {
    /// Whether the field holds only spaces (or nothing). Decided from the bytes when one is printable ASCII, so a
    /// million-row file does not go through Foundation's character sets for every field.
    var isBlankField: Bool {
        if utf8.contains(where: { $0 > 0x20 && $0 < 0x7F }) { return false }
        return trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// The field without surrounding whitespace and line ends: itself when both ends are printable ASCII (the
    /// common case, no copy), else as Foundation trims it.
    var trimmedField: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
