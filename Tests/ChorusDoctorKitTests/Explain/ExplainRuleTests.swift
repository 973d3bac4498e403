import ChorusSimulator
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// Every rule of checklists/explain.yaml, reached from a message as users paste it.
@Suite struct ExplainRuleTests {
    static let explainer = ChecklistLibrary.embedded.explainer

    /// (expected rule id, message). The coverage test keeps the table complete.
    static let cases: [(String, String)] = [
        (
            "rejection.supplier-siret-missing",
            "Le SIRET du fournisseur n'est pas renseigné dans l'adresse de facturation."
        ),
        (
            "rejection.supplier-not-referenced",
            "L'identifiant du fournisseur (AccountingSupplierParty.Party.PartyIdentification.ID.value) n'est pas référencé dans notre système."
        ),
        ("rejection.supplier-siret-wrong", "Le SIRET du fournisseur renseigné est incorrect."),
        ("code.flow-not-found", #"{"codeRetour":20001,"libelle":"POQ_MSG_01.003 - Flux introuvable."}"#),
        ("rejection.supplier-not-attached", "Le compte technique n'est pas rattaché à la structure fournisseur."),
        ("rejection.invoice-number-missing", "Le numéro de facture est absent."),
        ("rejection.service-code-missing", "Le code service est obligatoire pour ce destinataire."),
        ("rejection.service-inactive", "Le service ACHATS est inactif."),
        (
            "rejection.service-code-unknown",
            "Le code service (AccountingCustomerParty.AccountingContact.ID) n'existe pas dans le referentiel des codes services. Le referentiel est accessible depuis le port"
        ),
        ("rejection.customer-siret-missing", "Le SIRET du destinataire est obligatoire."),
        ("rejection.customer-siret-wrong", "Le SIRET du client 96613186400012 est inconnu dans Chorus Pro."),
        ("rejection.country", "Le pays de livraison est invalide."),
        (
            "rejection.duplicate-number",
            "Le numero de facture (balise : ID.value) existe deja dans la solution, pour le fournisseur renseigne."
        ),
        ("rejection.commitment-missing", "Le numéro d'engagement est obligatoire pour cette structure."),
        ("rejection.commitment-wrong", "Le numero d'engagement renseigne est inconnu pour la structure destinataire."),
        ("rejection.structure-inactive", "La structure destinataire est inactive."),
        ("rejection.file-format", "Le fichier n'est pas conforme au schema de la syntaxe IN_DP_E2_UBL_INVOICE_MIN."),
        ("qualification.information-siret", "POST /cpro/transverses/v1/consulter/information/siret ne renvoie rien"),
        ("code.success", "codeRetour 0 TRA_MSG_00.000"),
        ("code.nothing-found", "20000"),
        ("code.unknown-identifier", "GCU_MSG_03_000"),
        ("code.attachment-too-large", "codeRetour: 20003"),
        ("code.gft-075", "Erreur 20007 GFT_MSG_01.075"),
        ("code.other", #"{"codeRetour":20099,"libelle":"XYZ_MSG_99.999"}"#),
        ("host.retired", "Could not resolve host: sandbox-api.aife.economie.gouv.fr"),
        (
            "http.missing-token",
            #"400 {"error":"invalid_request","error_description":"Unable to find token in the message"}"#
        ),
        ("http.invalid-client", #"{"error":"invalid_client","error_description":"Client authentication failed"}"#),
        ("http.oauth-request", #"{"error":"unsupported_grant_type"}"#),
        (
            "http.token-expired",
            #"WWW-Authenticate: Bearer realm="PISTE",error="invalid_token",error_description="The access token is invalid or has expired""#
        ),
        (
            "http.technical-account",
            #"HTTP 401 WWW-Authenticate: Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects""#
        ),
        ("http.unauthorized", "401 Unauthorized"),
        ("http.forbidden-api", "HTTP 403 on POST /cpro/factures/v1/deposer/flux"),
        ("http.forbidden", "Erreur 403"),
        ("http.not-found-realm", #"HTTP 404 WWW-Authenticate: Bearer realm="DefaultRealm""#),
        ("http.not-found", "404 Not Found"),
        ("http.unsupported-media-type", "HTTP 415"),
        ("http.rate-limited", "429 Too Many Requests"),
        ("http.overloaded", "503 Service Unavailable"),
        ("http.maintenance", "Erreur 500 : Internal Server Error"),
        ("http.bad-request", "HTTP/1.1 400 Bad Request"),
        ("network.dns", "curl: (6) Could not resolve host: api.piste.gouv.fr"),
        ("network.refused", "Failed to connect to api.piste.gouv.fr port 443: Connection refused"),
        ("network.tls-untrusted", "SSL certificate problem: unable to get local issuer certificate"),
        ("network.tls-expired", "SSL certificate problem: certificate has expired"),
        ("network.tls-hostname", "SSL: no alternative certificate subject name matches target host name 'api.example'"),
        ("network.proxy", "Received HTTP code 407 from proxy after CONNECT"),
        ("network.timeout", "Operation timed out after 30001 milliseconds with 0 bytes received"),
    ]

    @Test(arguments: cases)
    func reachesRule(_ expected: String, _ message: String) {
        let explanation = Self.explainer.explain(message: message, language: .en)
        #expect(explanation.diagnosis?.id == expected, "\(message)")
        #expect(!(explanation.diagnosis?.cause.isEmpty ?? true))
    }

    @Test func everyRuleHasACase() {
        let covered = Set(Self.cases.map(\.0))
        let missing = Self.explainer.book.rules.map(\.id).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "explain rules without a test case: \(missing)")
    }

    @Test func everyRuleSpeaksBothLanguagesAndHasFixes() {
        for rule in Self.explainer.book.rules {
            #expect(rule.stage == nil, "\(rule.id): explain rules have no stage")
            let texts = [rule.cause] + rule.fixes + (rule.candidates ?? []).flatMap { [$0.cause, $0.check] }
            for text in texts {
                #expect(!text.en.isEmpty && !text.fr.isEmpty, "\(rule.id) lacks a language")
                #expect(text.en != text.fr, "\(rule.id): French text is a copy of the English: \(text.en)")
            }
            #expect(!rule.fixes.isEmpty, "\(rule.id) has no fix")
        }
    }

    @Test(arguments: ["the cat sat on the mat", "Facture F-1 intégrée", "bonjour", "95260181300019"])
    func unknownMessagesAreNotRecognised(_ message: String) {
        #expect(Self.explainer.explain(message: message, language: .en).diagnosis == nil)
    }

    /// Case, accents and typographic quotes do not matter, in the message or in the rule.
    @Test func foldingIgnoresCaseAndAccents() {
        let shouted = "LE CODE SERVICE N’EXISTE PAS DANS LE RÉFÉRENTIEL"
        #expect(
            Self.explainer.explain(message: shouted, language: .fr).diagnosis?.id == "rejection.service-code-unknown")
        #expect(MessageFacts.fold("  Référentiel\n des  SERVICES ") == "referentiel des services")
    }

    @Test func factsFromFreeText() {
        func facts(_ text: String) -> [String: String] { MessageFacts.of(message: text) }
        #expect(facts("HTTP/1.1 403 Forbidden")["http.status"] == "403")
        #expect(facts("status: 401")["http.status"] == "401")
        #expect(facts("Erreur 500 - Internal Server Error")["http.status"] == "500")
        #expect(facts("503")["http.status"] == "503")
        #expect(facts("20000")["code_retour"] == "20000")
        #expect(facts(#"{"codeRetour":20007,"libelle":"GFT_MSG_01.075"}"#)["chorus.code"] == "20007 GFT_MSG_01.075")
        #expect(facts("GCU_MSG_01_000 ok")["libelle"] == "GCU_MSG_01_000")
        #expect(facts("SIRET 95260181300019 code 20000")["http.status"] == nil)
        #expect(facts("POST https://api.piste.gouv.fr/cpro/structures/v1/rechercher")["api"] == "Structures")
        #expect(facts(#"realm="DefaultRealm""#)["www_authenticate.realm"] == "DefaultRealm")
    }

    /// The simulator's rejection and technical messages are all explained: the two stay in step.
    @Test func everySimulatedFlowErrorIsExplained() {
        let dataset = SimulatorDataset.qualification(now: Date())
        let messages =
            dataset.flows.flatMap(\.paymentRequestErrors).map(\.libelleErreurDP)
            + dataset.flows.flatMap(\.technicalErrors).map(\.libelleErreur)
        #expect(messages.count >= 6)
        for message in messages {
            #expect(Self.explainer.explain(message: message, language: .en).recognised, "\(message)")
        }
    }

    @Test func callProblemsAreExplainedAndClassified() {
        func problem(_ status: Int, _ headers: [HTTPHeader] = [], api: String = "structures") -> CallProblem {
            CallProblem(
                ChorusReply(.response(HTTPResponse(status: status, headers: headers))), call: "test", api: api,
                explainer: Self.explainer, language: .en)
        }
        let forbidden = problem(403)
        #expect(forbidden.diagnosis?.id == "http.forbidden-api")
        #expect(forbidden.diagnosis?.cause.contains("Structures") == true)
        let account = problem(
            401,
            [
                HTTPHeader(
                    "WWW-Authenticate",
                    #"Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects""#)
            ])
        #expect(account.diagnosis?.id == "http.technical-account")
        #expect(!account.tokenExpired)
        let expired = problem(
            401,
            [
                HTTPHeader(
                    "WWW-Authenticate",
                    #"Bearer realm="PISTE",error="invalid_token",error_description="The access token is invalid or has expired""#
                )
            ])
        #expect(expired.tokenExpired)
        let throttled = problem(429, [HTTPHeader("Retry-After", "30")])
        #expect(throttled.isTransient && throttled.retryAfter == 30)
        let timeout = CallProblem(
            ChorusReply(
                .failure(TransportFailure(kind: .timeout, message: "Operation timed out after 1000 milliseconds"))),
            call: "test", api: "transverses", explainer: Self.explainer, language: .en)
        #expect(timeout.isTransient && timeout.diagnosis?.id == "network.timeout")
    }

    /// A refusal reads the same whether `codeRetour` comes as a number or as a text: the problem holds what the
    /// reply parsed, not a second reading of the body.
    @Test(arguments: [
        #"{"codeRetour":20001,"libelle":"GCU_MSG_01_001"}"#, #"{"codeRetour":"20001","libelle":"GCU_MSG_01_001"}"#,
    ])
    func aRefusalReadsAsTheReplyParsedIt(_ body: String) {
        let reply = ChorusReply(
            .response(
                HTTPResponse(
                    status: 400, headers: [HTTPHeader("Content-Type", "application/json")], body: Data(body.utf8))))
        let problem = CallProblem(reply, call: "test", api: "structures", explainer: Self.explainer, language: .en)
        #expect(reply.codeRetour == 20001 && problem.codeRetour == 20001)
        #expect(problem.libelle == "GCU_MSG_01_001" && problem.libelle == reply.libelle)
        #expect(problem.httpStatus == 400)
    }
}
