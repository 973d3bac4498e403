import Foundation

/// Runs a user-named command that prints a secret on its standard output (as git credential helpers do).
///
/// The command line holds no secret, only its output does; the output is trimmed of the final newline and
/// never logged. Errors report the exit status, never the output.
public struct SecretCommandRunner: Sendable {
    public var timeout: Duration

    public init(timeout: Duration = .seconds(10)) { self.timeout = timeout }

    public func run(_ command: String) -> Result<String, SecretCommandFailure> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(SecretCommandFailure("cannot start /bin/sh: \(error.localizedDescription)"))
        }
        let deadline = DispatchTime.now() + .milliseconds(Int(timeout.components.seconds * 1000))
        let finished = DispatchSemaphore(value: 0)
        let reader = DispatchQueue(label: "secret-command")
        nonisolated(unsafe) var data = Data()
        reader.async {
            data = output.fileHandleForReading.readDataToEndOfFile()
            finished.signal()
        }
        if finished.wait(timeout: deadline) == .timedOut {
            process.terminate()
            return .failure(SecretCommandFailure("timed out after \(timeout.components.seconds) s"))
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(SecretCommandFailure("exited with status \(process.terminationStatus)"))
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { return .failure(SecretCommandFailure("printed nothing")) }
        return .success(text)
    }
}

/// Why a secret command gave nothing usable (never its output).
public struct SecretCommandFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
