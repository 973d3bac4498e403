import CEditLine
import ChorusTransport
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A terminal reader on libedit: line editing, history of accepted answers, Tab completion of the choices.
///
/// Create it only once `EditLineLibrary.failure` is nil (`LineReaders.standard` does): libedit is opened at first use,
/// not linked, and every call into it does nothing while it is not loaded.
///
/// Secrets never go through libedit: they are read by `SecretPrompt` with echo off. The history file is written
/// 0600 and holds only what the caller passed to `remember`. libedit's own signal handling is turned off so that
/// Ctrl-C reaches the wizard, which restores the terminal, saves and exits 130.
public final class EditLineReader: LineReader, @unchecked Sendable {
    public let historyFile: URL?
    public var isTerminal: Bool { true }
    /// Whether libedit decodes UTF-8 here; when not, everything handed to it is folded to ASCII first.
    private let multibyte: Bool
    /// libedit is not thread-safe: every call into it runs on this queue.
    private let queue = DispatchQueue(label: "chorus-doctor.editline")

    /// The words Tab may complete for the question being read (libedit's callbacks cannot capture context).
    private static let completionWords = Mutex<[String]>([])
    /// The matches of the completion in progress, handed out one by one to libedit.
    private static let pendingMatches = Mutex<[String]>([])
    nonisolated(unsafe) private static let programName = strdup("chorus-doctor")

    public init(historyFile: URL?) {
        self.historyFile = historyFile
        let multibyte = TerminalLocale.prepare().multibyte
        self.multibyte = multibyte
        queue.sync {
            EditLineSignals.leaveSignalsToTheProgram()
            chorus_rl_set_name(Self.programName)
            chorus_rl_set_completion(completeAnswer)
            chorus_rl_set_completion_append(0)
            chorus_using_history()
            chorus_stifle_history(500)
            // A history written under a UTF-8 locale must not reach a libedit that cannot decode it.
            if multibyte, let path = historyFile?.path, FileManager.default.fileExists(atPath: path) {
                _ = chorus_read_history(path)
            }
        }
    }

    public func read(_ request: LineRequest) async -> String? {
        if request.secret {
            return await BlockingInput.run { SecretPrompt.read(prompt: request.prompt) }
        }
        let multibyte = self.multibyte
        let prompt = TerminalLocale.editable(request.prompt, multibyte: multibyte)
        let words = request.completions.map { TerminalLocale.editable($0, multibyte: multibyte) }
        return await withCheckedContinuation { continuation in
            queue.async {
                Self.completionWords.withLock { $0 = words }
                guard let raw = chorus_readline(prompt) else {
                    continuation.resume(returning: nil)
                    return
                }
                let line = String(cString: raw)
                chorus_free(raw)
                continuation.resume(returning: line)
            }
        }
    }

    public func remember(_ answer: String) {
        guard !answer.isEmpty else { return }
        let entry = TerminalLocale.editable(answer, multibyte: multibyte)
        queue.async { _ = chorus_add_history(entry) }
    }

    /// Writes the history file: created 0600 before libedit writes it, and set 0600 again after.
    public func persist() {
        guard let historyFile else { return }
        queue.sync {
            try? AtomicFile.createDirectory(historyFile.deletingLastPathComponent())
            let fd = open(historyFile.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) }
            chmod(historyFile.path, 0o600)
            _ = chorus_write_history(historyFile.path)
            chmod(historyFile.path, 0o600)
        }
    }

    /// Called by the completion callbacks, on the reader's queue.
    fileprivate static func matches(for typed: String) -> [String] {
        CompletionWords.matches(typed, in: completionWords.withLock { $0 })
    }

    fileprivate static func setPending(_ matches: [String]) { pendingMatches.withLock { $0 = matches } }

    fileprivate static func nextPending() -> String? {
        pendingMatches.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}

/// libedit, opened by the C loader (`Sources/CEditLine`) when the first terminal reader is made rather than linked:
/// every other command, and the wizard on a pipe, never load it.
enum EditLineLibrary {
    /// Opens libedit for the process on first use (once, thread-safe): nil when it is usable, otherwise why not.
    static var failure: SharedLibraryFailure? {
        chorus_editline_load().map { SharedLibraryFailure($0.pointee) }
    }

    /// Whether libedit opens under `names` with every function and global the reader uses; the process's libedit
    /// (`failure`) is left as it is, loaded or not.
    static func failure(opening names: [String]) -> SharedLibraryFailure? {
        SharedLibraryFailure.trying(names) { chorus_editline_try($0, $1, $2) }
    }
}

// MARK: - Completion callbacks (C function pointers: top-level functions, no captured context)

/// libedit's attempted-completion hook: our words only, never file names.
private func completeAnswer(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    chorus_rl_set_attempted_completion_over(1)
    guard let text else { return nil }
    return chorus_rl_completion_matches(text, nextAnswer)
}

/// The generator libedit calls with state 0, then 1, 2… until it gets nil; each match is a malloc'd copy.
private func nextAnswer(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 { EditLineReader.setPending(EditLineReader.matches(for: text.map { String(cString: $0) } ?? "")) }
    return EditLineReader.nextPending().flatMap { strdup($0) }
}

/// Which words complete what has been typed: those starting with it, ignoring case, in their given order.
enum CompletionWords {
    static func matches(_ typed: String, in words: [String]) -> [String] {
        var seen = Set<String>()
        return words.filter { $0.lowercased().hasPrefix(typed.lowercased()) && seen.insert($0).inserted }
    }
}
