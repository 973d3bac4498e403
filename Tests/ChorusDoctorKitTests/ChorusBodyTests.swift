import Foundation
import Testing

@testable import ChorusDoctorKit

/// Request bodies: every kind of value the callers write, the same bytes on every run, and what `JSONSerialization`
/// (the reader of answers, and of these bodies in the simulator) reads back.
@Suite struct ChorusBodyTests {
    @Test func valuesKeepTheirKindAndKeysAreSorted() throws {
        let parsed = try #require(
            try JSONSerialization.jsonObject(
                with: Data(#"{"id": 26311345, "yes": true, "no": false, "ratio": 0.5}"#.utf8))
                as? [String: Any])
        let body: [String: Any] = [
            "structure": ["typeIdentifiantStructure": "SIRET", "identifiantStructure": "95260181300019"],
            "pageResultatDemandee": 1, "restreindreStructuresPrivees": false, "codeLangue": "fr",
            "montant": 12.5, "liste": [1, "deux", true], "vide": NSNull(),
            "idStructureCPP": parsed["id"]!, "oui": parsed["yes"]!, "non": parsed["no"]!, "part": parsed["ratio"]!,
            "texte": "a/b é \u{1}\"\\",
        ]
        let data = ChorusBody.json(body)
        let text = String(decoding: data, as: UTF8.self)
        #expect(
            text
                == #"{"codeLangue":"fr","idStructureCPP":26311345,"liste":[1,"deux",true],"montant":12.5,"non":false,"#
                + #""oui":true,"pageResultatDemandee":1,"part":0.5,"restreindreStructuresPrivees":false,"#
                + #""structure":{"identifiantStructure":"95260181300019","typeIdentifiantStructure":"SIRET"},"#
                + #""texte":"a\/b é \u0001\"\\","vide":null}"#)
        let back = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(back["texte"] as? String == "a/b é \u{1}\"\\")
        #expect(back["idStructureCPP"] as? Int == 26_311_345)
        #expect(ChorusBody.json(body) == data, "the same bytes every time")
    }

    @Test func anEmptyBodyIsAnEmptyObject() {
        #expect(ChorusBody.json([:]) == Data("{}".utf8))
    }
}
