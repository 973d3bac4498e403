import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The character set libedit decodes prompts, completions and keystrokes with.
///
/// libedit converts every prompt to wide characters with the C library's `LC_CTYPE`. When `LANG` names a locale
/// that is not installed (a French desktop reaching a stock server over SSH), `setlocale` fails, the process stays
/// in the 7-bit "C" locale, and libedit dereferences a null pointer on the first prompt with an accent. The tool
/// writes UTF-8 everywhere else, so line editing must decode UTF-8 too: the user's locale when it exists and is
/// UTF-8, else a UTF-8 locale that exists on every glibc system. Only when none exists is text handed to libedit
/// folded to ASCII.
public enum TerminalLocale {
    /// What line editing was set up with.
    public struct Choice: Sendable, Equatable {
        /// The `LC_CTYPE` locale in force, as `setlocale` names it.
        public var name: String
        /// Whether libedit can take text beyond ASCII.
        public var multibyte: Bool
    }

    /// The locales tried, in order, after the environment's: UTF-8 in all of them, installed by glibc itself.
    static let fallbacks = ["C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"]

    /// Sets `LC_CTYPE` for line editing, once per process (later calls return the first choice).
    public static func prepare() -> Choice { prepared }

    private static let prepared: Choice = {
        if let name = select(""), isUTF8() { return Choice(name: name, multibyte: true) }
        for candidate in fallbacks {
            if let name = select(candidate), isUTF8() { return Choice(name: name, multibyte: true) }
        }
        let name = select("C") ?? "C"
        return Choice(name: name, multibyte: false)
    }()

    private static func select(_ name: String) -> String? {
        guard let chosen = setlocale(LC_CTYPE, name) else { return nil }
        return String(cString: chosen)
    }

    private static func isUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased().replacingOccurrences(of: "-", with: "")
        return name == "utf8"
    }

    /// Typographic punctuation of the French texts, in ASCII.
    private static let punctuation: [Unicode.Scalar: String] = [
        "\u{2019}": "'", "\u{2018}": "'", "\u{201C}": "\"", "\u{201D}": "\"", "\u{00AB}": "\"", "\u{00BB}": "\"",
        "\u{2026}": "...", "\u{2013}": "-", "\u{2014}": "-", "\u{2022}": "*", "\u{00B7}": "-",
    ]

    /// `text` as libedit may take it under `choice`: as is with a UTF-8 locale; else accents dropped (é → e),
    /// typographic spaces made plain, and anything else beyond ASCII shown as `?`.
    public static func editable(_ text: String, multibyte: Bool) -> String {
        guard !multibyte, !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var ascii = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if let plain = punctuation[scalar] {
                ascii.append(contentsOf: plain.unicodeScalars)
            } else if scalar.isASCII {
                ascii.append(scalar)
            } else if scalar.properties.isWhitespace {
                ascii.append(" ")
            } else if scalar.properties.generalCategory != .nonspacingMark {
                ascii.append("?")
            }
        }
        return String(ascii)
    }
}
