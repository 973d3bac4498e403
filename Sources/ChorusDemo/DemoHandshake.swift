import ChorusDoctorKit
import ChorusSimulatorCatalogue
import Foundation

/// The one line `chorus-doctor-sim --for-demo` writes on its standard output once it listens: the values `demo`
/// checks with. The simulator is a program of its own (the tool's start-up never loads its server stack), so this
/// line is how the two agree; `format` changes when its shape does, and a line of another format or version is
/// refused with a message rather than misread.
public struct DemoHandshake: Codable, Sendable, Equatable {
    /// The shape of this line.
    public static let currentFormat = 1
    /// Above this, a line is not a handshake (and is not read further).
    public static let maximumLength = 16 * 1024

    public var format: Int
    /// The simulator's build (`ToolVersion.current`): it must be the tool's own.
    public var version: String
    public var credentials: DemoCredentials

    public init(credentials: DemoCredentials, version: String = ToolVersion.current) {
        self.format = Self.currentFormat
        self.version = version
        self.credentials = credentials
    }

    /// The line, newline included.
    public var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .internetDateTime
        // Every field is a string, a URL, a number or a date: encoding cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Why a line is not a handshake this tool can use.
    public enum Problem: Error, Equatable, Sendable {
        /// Not JSON of this shape (or too long): the program is not a chorus-doctor-sim.
        case unreadable
        /// Another format or another build: both programs must come from the same build.
        case otherBuild(version: String)
    }

    /// The handshake `line` holds (without its newline), if it is one from this very build.
    public static func read(_ line: String) throws(Problem) -> DemoHandshake {
        guard line.utf8.count <= maximumLength else { throw .unreadable }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .internetDateTime
        struct Header: Decodable {
            var format: Int?
            var version: String?
        }
        guard let header = try? decoder.decode(Header.self, from: Data(line.utf8)) else { throw .unreadable }
        guard header.format == currentFormat, header.version == ToolVersion.current else {
            throw .otherBuild(version: header.version ?? "?")
        }
        guard let handshake = try? decoder.decode(DemoHandshake.self, from: Data(line.utf8)) else {
            throw .unreadable
        }
        return handshake
    }
}
