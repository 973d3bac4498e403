import Foundation

/// Writes a script a test then runs. The file is written by a `/bin/sh` child, never by the test process: a
/// descriptor the test process holds open for writing would be copied into every program another test forks at
/// that moment, and for as long as one of them holds it, running the script fails with `ETXTBSY` ("Text file busy").
public enum ExecutableScript {
    public static func write(_ text: String, to file: URL) async throws {
        let written = try await ProgramRun.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", #"cat > "$1" && chmod 755 "$1""#, "sh", file.path], stdin: text)
        guard written.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path, "stderr": written.stderr])
        }
    }
}
