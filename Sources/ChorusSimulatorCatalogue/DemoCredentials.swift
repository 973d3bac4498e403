import Foundation

/// The values a demo profile holds to talk to a running simulator.
public struct DemoCredentials: Sendable, Equatable, Codable {
    /// The OAuth token endpoint.
    public var tokenURL: URL
    /// The API base: `/cpro/...` paths are appended to it.
    public var apiBaseURL: URL
    /// The OAuth client id of the PISTE application.
    public var clientID: String
    /// The OAuth client secret of the PISTE application.
    public var clientSecret: String
    /// The Chorus Pro technical account (sent base64-encoded in `cpro-account`).
    public var technicalLogin: String
    /// The technical account's password, as noted at creation.
    public var technicalPassword: String
    /// The company's SIRET.
    public var siret: String
    /// The name of the PISTE application, as entered in the Chorus Pro raccordement.
    public var pisteApplicationName: String
    /// The password expiry date the user noted when the technical account was created.
    public var technicalPasswordExpiry: Date?
    /// A dataset user login (the structure's main manager).
    public var userLogin: String

    /// Values for a profile, field by field.
    public init(
        tokenURL: URL, apiBaseURL: URL, clientID: String, clientSecret: String, technicalLogin: String,
        technicalPassword: String, siret: String, pisteApplicationName: String, technicalPasswordExpiry: Date?,
        userLogin: String
    ) {
        self.tokenURL = tokenURL
        self.apiBaseURL = apiBaseURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.technicalLogin = technicalLogin
        self.technicalPassword = technicalPassword
        self.siret = siret
        self.pisteApplicationName = pisteApplicationName
        self.technicalPasswordExpiry = technicalPasswordExpiry
        self.userLogin = userLogin
    }
}
