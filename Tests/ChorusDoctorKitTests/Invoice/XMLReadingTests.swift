import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// Invoices are read with libxml2's pull reader, opened at first use (`XMLLibrary`, the C loader in `Sources/CXML`):
/// what it reads, what it refuses, and that a hostile document costs nothing.
@Suite struct XMLReadingTests {
    @Test func pathsAttributesNamespacesAndTextAreRead() throws {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <rsm:Root xmlns:rsm="urn:example:root" xmlns:ram="urn:example:ram" version="2">
              <ram:Amount currencyID="EUR">12.50</ram:Amount>
              <ram:Name>A &amp; <![CDATA[<B>]]> &#233;t&#xE9;</ram:Name>
              <ram:Empty/>
              <ram:Name>second</ram:Name>
            </rsm:Root>
            """
        let xml = try XMLValues.read(Data(document.utf8))
        #expect(xml.root == "Root")
        #expect(xml.rootNamespace == "urn:example:root")
        #expect(xml.first("Root/Amount") == "12.50")
        #expect(xml.first("Root/Amount@currencyID") == "EUR")
        #expect(xml.first("Root@version") == "2")
        #expect(xml.all("Root/Name") == ["A & <B> été", "second"])
        #expect(xml.values["Root/Empty"] == [""])
        // Namespace declarations are not attributes.
        #expect(xml.values.keys.filter { $0.contains("@rsm") || $0.contains("@ram") || $0.contains("xmlns") }.isEmpty)
    }

    @Test func aDocumentInAnotherEncodingIsReadAsText() throws {
        let latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>d\u{E9}j\u{E0}</a>"
        let xml = try XMLValues.read(try #require(latin1.data(using: .isoLatin1)))
        #expect(xml.first("a") == "déjà")
    }

    /// Entities are not substituted, external ones never fetched: neither the billion laughs nor a file of the machine
    /// ends up in the values, and reading them takes no time worth measuring.
    @Test func entitiesAreNeitherExpandedNorFetched() throws {
        var laughs = "<!DOCTYPE a [<!ENTITY l0 \"ha\">"
        for level in 1...9 {
            laughs += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
        }
        laughs += "]><a>&l9;</a>"
        // libxml2 2.9 refuses it (the amplification it would take); a reader that kept the reference unexpanded
        // would be as good.
        switch Result(catching: { () throws(XMLValues.Failure) in try XMLValues.read(Data(laughs.utf8)) }) {
        case .success(let laughing): #expect((laughing.values["a"]?.first?.count ?? 0) < 1_000, "entities expanded")
        case .failure(let failure): #expect(failure == .malformed)
        }
        let external = """
            <?xml version="1.0"?>
            <!DOCTYPE a [<!ENTITY secret SYSTEM "file:///etc/hostname"> <!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>
            <a>&secret;&remote;</a>
            """
        let hostname = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let xml = try XMLValues.read(Data(external.utf8))
        #expect(xml.values["a"] == [""], "\(xml.values)")
        if let hostname, !hostname.isEmpty {
            #expect(xml.first("a")?.contains(hostname) != true, "an external entity was read")
        }
    }

    @Test(arguments: ["", "   ", "<a>", "<a></b>", "<a x='1' x='2'/>", "<a>\u{0}</a>", "<a/><b/>", "\u{FEFF}"])
    func whatIsNotWellFormedIsRefused(_ text: String) {
        #expect(throws: XMLValues.Failure.malformed) { try XMLValues.read(Data(text.utf8)) }
    }

    @Test func bytesThatAreNotUTF8AreRefused() {
        #expect(throws: XMLValues.Failure.malformed) {
            try XMLValues.read(Data([0x3C, 0x61, 0x3E, 0xFF, 0xFE, 0x3C, 0x2F, 0x61, 0x3E]))
        }
    }

    @Test func aLibraryThatIsNotThereIsNamedWithTheLoadersOwnWords() throws {
        let failure = try #require(XMLLibrary.failure(opening: ["libnothere.so.9"]))
        #expect(failure.library == "libnothere.so.9")
        #expect(failure.symbol == nil)
        #expect(failure.reason.contains("libnothere.so.9"), "\(failure.reason)")
        #expect(XMLLibrary.failure == nil, "the process's libxml2 is untouched")
    }

    #if os(Linux)
        @Test func aLibraryWithoutTheReaderNamesTheFirstFunctionMissing() throws {
            let failure = try #require(XMLLibrary.failure(opening: ["libz.so.1"]))
            #expect(failure.library == "libz.so.1")
            #expect(failure.symbol == "xmlInitParser")
        }

        @Test func theVersionedNameIsTriedFirst() {
            #expect(XMLLibrary.names == ["libxml2.so.2", "libxml2.so"])
        }
    #endif
}
