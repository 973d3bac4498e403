import Testing

@testable import ChorusDoctorKit

/// Line editing under every locale: libedit is never handed text it cannot decode.
@Suite struct TerminalLocaleTests {
    @Test func aUTF8LocaleIsInForceForLineEditingWhateverLANGSays() {
        // GIVEN this machine, where glibc always provides C.UTF-8 whatever LANG names
        let choice = TerminalLocale.prepare()
        // THEN libedit decodes UTF-8, and a second call keeps the first choice
        #expect(choice.multibyte, "\(choice.name)")
        #expect(TerminalLocale.prepare() == choice)
    }

    @Test(arguments: [
        ("Et maintenant ? (modifier, réessayer) [modifier] : ", "Et maintenant ? (modifier, reessayer) [modifier] : "),
        ("Date d\u{2019}expiration\u{00A0}: ", "Date d'expiration : "),
        ("\u{00AB}\u{202F}Raccordement\u{202F}\u{00BB} \u{2026} \u{2014} Ω", "\" Raccordement \" ... - ?"),
        ("Société Générale — Éàçüœ", "Societe Generale - Eacu?"),
        ("plain ASCII [done]: ", "plain ASCII [done]: "),
    ])
    func withoutAUTF8LocaleEverythingHandedToLibeditIsASCII(_ text: String, _ expected: String) {
        let folded = TerminalLocale.editable(text, multibyte: false)
        #expect(folded == expected)
        #expect(folded.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test func withAUTF8LocaleTextIsLeftAsWritten() {
        let text = "Et maintenant ? (modifier, réessayer, passer) [modifier] : "
        #expect(TerminalLocale.editable(text, multibyte: true) == text)
    }
}
