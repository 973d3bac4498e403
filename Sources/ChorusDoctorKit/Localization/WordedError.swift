import Foundation

/// An error a user reads inside a sentence (`error.profile_corrupt`'s `{detail}`): worded in the output's language
/// where it is shown. Its `description` is the English wording, for logs and tests.
public protocol WordedError: Error, CustomStringConvertible {
    func worded(_ strings: Strings) -> String
}

extension WordedError {
    public var description: String { worded(Strings(language: .en)) }
}

extension Strings {
    /// What went wrong, in this language: a `WordedError` worded, any other error as it describes itself.
    public func detail(_ error: any Error) -> String {
        (error as? any WordedError)?.worded(self) ?? String(describing: error)
    }
}
