import Foundation

/// The tool's one word wrapping, for every human output (check, report, setup, lookup, flow, explain, help).
///
/// - A line breaks only between words; a word is never cut. A `backticked command` is one unit: when it cannot fit
///   on a line of its own, it is broken between its words with a shell continuation (` \`), so that it still pastes.
/// - French punctuation stays with its word: a line never starts with « » : ; ! ? » and never ends with « «».
/// - Widths are display columns: ANSI colour codes take none, combining accents none, wide characters two.
public enum TextWrap {
    static let closers: Set<String> = ["»", ":", ";", "!", "?"]

    /// The columns `text` takes on a terminal.
    public static func displayWidth(_ text: some StringProtocol) -> Int {
        var width = 0
        var escape = false
        for scalar in text.unicodeScalars {
            if escape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { escape = false }
                continue
            }
            if scalar == "\u{1B}" {
                escape = true
                continue
            }
            width += columns(of: scalar)
        }
        return width
    }

    static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x7F { return 1 }  // printable ASCII: no property lookup (most of every line)
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
    ]

    /// `text` padded with spaces to `width` display columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let missing = width - displayWidth(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    /// The units a line may break between: words, with commands kept whole and French punctuation glued.
    static func units(_ text: String) -> [String] {
        var units: [String] = []
        var glueNext = false
        var inCode = false
        for token in text.split(separator: " ", omittingEmptySubsequences: true) {
            let word = String(token)
            let ticks = word.filter { $0 == "`" }.count
            if let last = units.last, glueNext || inCode || closers.contains(word) {
                units[units.count - 1] = last + " " + word
            } else {
                units.append(word)
            }
            if ticks % 2 == 1 { inCode.toggle() }
            glueNext = word == "«"
        }
        return units
    }

    /// Greedy wrapping with a first-line and a continuation prefix.
    public static func wrap(_ text: String, width: Int, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        var used = displayWidth(first)
        var empty = true
        let restWidth = displayWidth(rest)
        var firstLine = true
        for unit in units(text) {
            let size = displayWidth(unit)
            if firstLine, empty, used + size > width, restWidth + size <= width,
                !first.trimmingCharacters(in: .whitespaces).isEmpty
            {
                // A label too wide to have its first word beside it: the label alone, the text under it.
                var label = line
                while label.last == " " { label.removeLast() }
                lines.append(label)
                line = rest
                used = restWidth
            }
            firstLine = false
            if !empty, used + 1 + size > width {
                lines.append(line)
                line = rest
                used = restWidth
                empty = true
            }
            if used + size > width, unit.contains("`"), unit.contains(" ") {
                let pieces = continued(unit, width: width, first: width - used, indent: rest + "    ")
                line += pieces[0]
                lines.append(line)
                lines += pieces.dropFirst().dropLast()
                line = pieces.last ?? ""
                used = displayWidth(line)
                empty = false
                continue
            }
            line += (empty ? "" : " ") + unit
            used += (empty ? 0 : 1) + size
            empty = false
        }
        lines.append(line)
        return lines
    }

    /// A command too long for a line, broken between its words with ` \` so that a shell reads it as one line.
    /// The first piece has `first` columns; the others start with `indent`.
    static func continued(_ command: String, width: Int, first: Int, indent: String) -> [String] {
        var pieces: [String] = []
        var piece = ""
        var fresh = true
        var room = first
        for word in command.split(separator: " ").map(String.init) {
            if !fresh, displayWidth(piece) + 1 + displayWidth(word) + 2 > room {
                pieces.append(piece + " \\")
                piece = indent
                room = width
                fresh = true
            }
            piece += (fresh ? "" : " ") + word
            fresh = false
        }
        pieces.append(piece)
        return pieces
    }

    /// Every line of `block` wider than `width`, wrapped: continuation lines start under the line's text, after
    /// its indentation and its list marker (`1. `, `- `, `[ ] `, `> `).
    public static func fit(_ block: String, width: Int) -> String {
        guard width > 0 else { return block }
        return block.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let text = String(line)
            guard displayWidth(text) > width else { return text }
            let leading = String(text.prefix { $0 == " " })
            let body = String(text.dropFirst(leading.count))
            var marker = Self.marker(of: body)
            if marker.isEmpty, let gap = body.range(of: "  ") {
                // A table row (`name      description`): the first column is kept as it is, the text wraps under
                // the second one.
                let end = body[gap.upperBound...].firstIndex { $0 != " " } ?? body.endIndex
                let column = String(body[..<end])
                if displayWidth(leading + column) <= width * 2 / 3 { marker = column }
            }
            var hanging = leading + String(repeating: " ", count: displayWidth(marker))
            let longest = units(String(body.dropFirst(marker.count))).map { displayWidth($0) }.max() ?? 0
            // Too deep for the text, or for its longest word (a URL): continue just under the line's start.
            if !marker.isEmpty, displayWidth(hanging) > width / 2 || displayWidth(hanging) + longest > width {
                hanging = leading + "    "
            }
            return wrap(String(body.dropFirst(marker.count)), width: width, first: leading + marker, rest: hanging)
                .joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The list marker `body` starts with, including the space after it; empty when there is none.
    static func marker(of body: String) -> String {
        let plain = body.unicodeScalars.first == "\u{1B}" ? "" : body
        for prefix in ["- [ ] ", "- [x] ", "[ ] ", "[x] ", "- ", "* ", "> ", "< "] where plain.hasPrefix(prefix) {
            return prefix
        }
        let digits = plain.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, plain.dropFirst(digits.count).hasPrefix(". ") {
            return String(digits) + ". "
        }
        return ""
    }
}

extension TextWrap {
    /// The line starts with a numbered list marker (`1. `).
    public static func startsWithListNumber(_ line: String) -> Bool { marker(of: line).first?.isNumber ?? false }
}
