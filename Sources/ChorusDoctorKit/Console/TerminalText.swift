import Foundation

/// What may reach a terminal: the one place control characters are made visible, so no server answer, profile
/// value, environment variable or pasted message can move the cursor, clear the screen, retitle the window or
/// write the clipboard (OSC 52).
///
/// Kept as they are: new lines, tabs, a progress line's rewrite (`\r` then `ESC[2K` or `ESC[K`) at the very start
/// of a write and, only when colours are on (`keepingStyle`), the tool's own colours (SGR `ESC[…m` with the codes
/// `TerminalStyle` uses: they can change a colour, never move the cursor, clear, retitle or reach the clipboard).
/// Everything else in C0, DEL, C1, and the bidirectional and line-separator controls is shown escaped (`\x1b`,
/// `\r`, `\u202e`).
public enum TerminalText {
    public static func escapingControls(_ text: String, keepingStyle: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        if scalars.first == "\r" {
            out.append("\r")
            index = 1
            for erase in ["\u{1B}[2K", "\u{1B}[K"] where hasPrefix(scalars, at: index, erase) {
                out.append(contentsOf: erase.unicodeScalars)
                index += erase.unicodeScalars.count
                break
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if keepingStyle, scalar == "\u{1B}", let length = styleLength(scalars, at: index) {
                out.append(contentsOf: scalars[index..<(index + length)])
                index += length
                continue
            }
            if needsEscape(scalar) {
                out.append(contentsOf: escaped(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
            index += 1
        }
        return String(out)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: true
        case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\r": return "\\r"
        case _ where scalar.value < 0x100: return "\\x" + hex(scalar.value, width: 2)
        default: return "\\u" + hex(scalar.value, width: 4)
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Colour codes the tool writes (`TerminalStyle`): reset, bold, dim, red, green, yellow and their resets.
    private static let styleCodes: Set<String> = ["", "0", "1", "2", "22", "31", "32", "33", "39"]

    /// Length of an SGR sequence made of the tool's own codes at `index`, or nil.
    private static func styleLength(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        guard index + 2 < scalars.count, scalars[index + 1] == "[" else { return nil }
        var end = index + 2
        var codes = ""
        while end < scalars.count, end - index < 16, scalars[end] == ";" || ("0"..."9").contains(scalars[end]) {
            codes.unicodeScalars.append(scalars[end])
            end += 1
        }
        guard end < scalars.count, scalars[end] == "m",
            codes.split(separator: ";", omittingEmptySubsequences: false).allSatisfy({
                styleCodes.contains(String($0))
            })
        else { return nil }
        return end - index + 1
    }

    private static func hasPrefix(_ scalars: [Unicode.Scalar], at index: Int, _ prefix: String) -> Bool {
        let wanted = Array(prefix.unicodeScalars)
        guard index + wanted.count <= scalars.count else { return false }
        return Array(scalars[index..<(index + wanted.count)]) == wanted
    }
}
