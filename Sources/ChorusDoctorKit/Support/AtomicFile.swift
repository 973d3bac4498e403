import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file writes that either happen completely or not at all, with the permissions set from the first byte.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Writes `data` to a temporary file beside `url` (created with `mode`, never wider), syncs it, then renames
    /// it over `url`. Parent directories are created 0700.
    public static func write(_ data: some ContiguousBytes, to url: URL, mode: mode_t = 0o600) throws {
        let directory = url.deletingLastPathComponent()
        try createDirectory(directory)
        removeStaleCopies(of: url)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw WriteError(path: temporary.path, reason: String(cString: strerror(errno))) }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if failure == nil, fchmod(fd, mode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            unlink(temporary.path)
            throw WriteError(path: url.path, reason: failure)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw WriteError(path: url.path, reason: reason)
        }
        let dirFD = open(directory.path, O_RDONLY | O_DIRECTORY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// Removes the temporary copies of `url` left by a writer that was killed (`kill -9`) before its rename: they
    /// may hold a secret. A copy names its writer's process id; only those of processes no longer running go.
    static func removeStaleCopies(of url: URL) {
        let directory = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let parts = name.dropFirst(prefix.count).split(separator: ".")
            guard parts.count == 3, let pid = pid_t(parts[0]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory.appendingPathComponent(name).path) }
        }
    }

    /// Creates a directory and its parents with mode 0700 (configuration and state hold private data). A failure
    /// names the directory that could not be made and why (`Permission denied`, `Not a directory`…).
    public static func createDirectory(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw WriteError(path: url.path, reason: String(cString: strerror(ENOTDIR)))
        }
        let parent = url.deletingLastPathComponent()
        if parent.path != url.path { try createDirectory(parent) }
        if mkdir(url.path, 0o700) != 0 && errno != EEXIST {
            throw WriteError(path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    /// The permission bits of a file, or nil when it does not exist.
    public static func permissions(of url: URL) -> Int? {
        guard let mode = FileKind.mode(of: url.path, followingLinks: true) else { return nil }
        return Int(mode & 0o777)
    }
}
