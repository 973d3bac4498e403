import ChorusDoctorKit
import ChorusSimulatorCatalogue
import Foundation

/// A profile built from the simulator's demo values (nothing read from the user's files or CHORUS_* variables).
public enum DemoProfile {
    public static func document(_ credentials: DemoCredentials) -> ProfileDocument {
        var document = ProfileDocument()
        document.environment = "sandbox"
        document.tokenURL = credentials.tokenURL.absoluteString
        document.apiBaseURL = credentials.apiBaseURL.absoluteString
        document.clientID = credentials.clientID
        document.clientSecret = credentials.clientSecret
        document.technicalLogin = credentials.technicalLogin
        document.technicalPassword = credentials.technicalPassword
        document.siret = credentials.siret
        document.userLogin = credentials.userLogin
        document.pisteApplication = credentials.pisteApplicationName
        document.technicalPasswordExpiry = credentials.technicalPasswordExpiry.map(CalendarDay.format)
        return document
    }

    public static func resolve(_ credentials: DemoCredentials, name: String) -> ResolvedProfile {
        ProfileResolver(environment: [:]).resolve(name: name, document: document(credentials), filePath: nil)
    }
}
