import Foundation
import Hummingbird
import ZIPFoundation

/// Chorus Pro's Transverses referentials: currencies, the INSEE record of a SIRET, the recipients' directory, and
/// the attachments added to the account.
extension SimulatedPlatform {
    /// `recuperer/devises`: the currencies an invoice may be in, labelled in the language asked (French unless
    /// `codeLangue` is EN).
    func currencies(_ parameters: LanguageParameters) -> Response {
        let english = parameters.codeLangue?.uppercased() == "EN"
        let entries = Self.currencies.map {
            CurrencyEntry(codeDevise: $0.code, libelleDevise: english ? $0.english : $0.french)
        }
        return WireAnswer.json(CurrenciesAnswer(code: .success, listeDevises: entries))
    }

    private static let currencies: [(code: String, french: String, english: String)] = [
        ("EUR", "Euro", "European Euro"), ("CHF", "Franc suisse", "Swiss Franc"),
        ("GBP", "Livre sterling", "Pound Sterling"), ("USD", "Dollar des Etats-Unis", "US Dollar"),
        ("XPF", "Franc CFP", "CFP Franc"),
    ]

    /// `consulter/information/siret`: not served in qualification (variant `siret-information-refused`), or the
    /// INSEE record of a structure of the dataset (`siret-information-served`).
    func siretInformation(_ parameters: SiretInformationParameters) -> Response {
        guard world.behaviours.plays(.siretInformationServed), let siret = parameters.siretStructure,
            let structure = world.dataset.structure(siret: siret)
        else { return WireAnswer.json(SiretInformationAnswer(code: .unknownIdentifier)) }
        var answer = SiretInformationAnswer(code: .success)
        answer.siret = structure.siret
        answer.siren = String(structure.siret.prefix(9))
        answer.raisonSociale = structure.designation
        answer.adresse = structure.address.adresse + " " + structure.address.codePostal + " " + structure.address.ville
        answer.estActif = structure.isActive
        answer.siege = true
        answer.nonDiffusibleInsee = false
        return WireAnswer.json(answer)
    }

    /// `telecharger/annuaire/destinataire`: the public structures as a ZIP holding one CSV (`;`-separated), in
    /// base64 in `fichierResultat`.
    func recipientDirectory() -> Response {
        var csv =
            "IDENTIFIANT;TYPE_IDENTIFIANT;RAISON_SOCIALE;STATUT;GESTION_ENGAGEMENT;GESTION_SERVICE;"
            + "GESTION_SERVICE_ENGAGEMENT;EST_MOA;CODES_SERVICES\r\n"
        for structure in world.dataset.structures where structure.isPublic {
            let rules = structure.parameters
            let flags = [
                rules.numeroEJDoitEtreRenseigne, rules.codeServiceDoitEtreRenseigne,
                rules.gestionNumeroEJOuCodeService, rules.getaMoa,
            ].map { $0 ? "1" : "0" }
            let services = structure.services.filter(\.isActive).map(\.codeService).joined(separator: ",")
            let fields =
                [
                    structure.siret, "SIRET", structure.designation.replacingOccurrences(of: ";", with: ","),
                    structure.statut,
                ] + flags + [services]
            csv += fields.joined(separator: ";") + "\r\n"
        }
        guard let archive = Self.zip(name: "annuaire_destinataires.csv", contents: Data(csv.utf8)) else {
            return WireAnswer.empty(.internalServerError)
        }
        var answer = DirectoryAnswer(code: .invoicesSuccess)
        answer.fichierResultat = archive.base64EncodedString()
        return WireAnswer.json(answer)
    }

    /// A ZIP archive (deflated) holding one file.
    static func zip(name: String, contents: Data) -> Data? {
        guard let archive = try? Archive(data: Data(), accessMode: .create, pathEncoding: nil) else { return nil }
        do {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(contents.count), compressionMethod: .deflate
            ) { position, size in
                contents.subdata(in: Int(position)..<min(Int(position) + size, contents.count))
            }
        } catch {
            return nil
        }
        return archive.data
    }

    /// `ajouter/fichier`: an attachment added to the account, answered with its `pieceJointeId`. The bytes are
    /// checked (base64, at most 10 MiB, an extension the platform lists) and not kept.
    func addAttachment(_ parameters: AttachmentParameters) -> Response {
        func refuse(_ code: ReturnCode) -> Response { WireAnswer.json(AttachmentAnswer(code: code)) }
        guard let encoded = parameters.pieceJointeFichier, let name = parameters.pieceJointeNom, !name.isEmpty,
            let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters), !data.isEmpty
        else { return refuse(.depositParameter) }
        guard name.count <= 50 else { return WireAnswer.empty(.badRequest) }
        guard data.count <= DepositDesk.maxBytes else { return refuse(.depositTooLarge) }
        let fallback = name.split(separator: ".").count > 1 ? name.split(separator: ".").last.map(String.init) : nil
        guard let ext = (parameters.pieceJointeExtension ?? fallback)?.uppercased(),
            Self.attachmentExtensions.contains(ext)
        else { return refuse(.depositParameter) }
        let id = deposits.attach(
            name: name, mimeType: parameters.pieceJointeTypeMime ?? "application/octet-stream", size: data.count)
        var answer = AttachmentAnswer(code: .invoicesSuccess)
        answer.pieceJointeId = id
        return WireAnswer.json(answer)
    }

    /// The extensions the platform lists for attachments.
    static let attachmentExtensions: Set<String> = [
        "BMP", "HTM", "FAX", "PNG", "XHTML", "BZ2", "JPEG", "PPS", "XLC", "CSV", "JPG", "PPT", "PPTX", "XLM", "DOC",
        "ODP", "RTF", "XLS", "GIF", "ODS", "SVG", "XML", "GZ", "ODT", "TGZ", "XSD", "GZIP", "P7S", "TIF", "XSL",
        "HTML", "PDF", "TXT", "ZIP", "TIFF", "XLSX", "DOCX",
    ]
}

struct LanguageParameters: Decodable {
    var codeLangue: String?
}

struct CurrencyEntry: Encodable {
    var codeDevise: String
    var libelleDevise: String
}

struct CurrenciesAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var listeDevises: [CurrencyEntry]

    init(code: ReturnCode, listeDevises: [CurrencyEntry]) {
        (codeRetour, libelle, self.listeDevises) = (code.codeRetour, code.libelle, listeDevises)
    }
}

struct SiretInformationParameters: Decodable {
    var siretStructure: String?
}

/// The INSEE record (names as cnfilms/chorus-api `InformationSiretResponse` reads them).
struct SiretInformationAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var siret: String?
    var siren: String?
    var raisonSociale: String?
    var adresse: String?
    var estActif: Bool?
    var siege: Bool?
    var nonDiffusibleInsee: Bool?

    init(code: ReturnCode) {
        (codeRetour, libelle) = (code.codeRetour, code.libelle)
    }
}

struct DirectoryAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var fichierResultat: String?

    init(code: ReturnCode) {
        (codeRetour, libelle) = (code.codeRetour, code.libelle)
    }
}

struct AttachmentParameters: Decodable {
    var pieceJointeFichier: String?
    var pieceJointeNom: String?
    var pieceJointeTypeMime: String?
    var pieceJointeExtension: String?
}

struct AttachmentAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var pieceJointeId: Int64?

    init(code: ReturnCode) {
        (codeRetour, libelle) = (code.codeRetour, code.libelle)
    }
}
