import CFileStatus
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a lock file, held until `release()` or the process ends (a killed
/// process never leaves it held).
public final class FileLock {
    private var fd: Int32

    /// Waits for the lock. The lock file is created 0600 if needed.
    public init(_ url: URL) throws {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw AtomicFile.WriteError(path: url.path, reason: String(cString: strerror(errno))) }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            close(fd)
            throw AtomicFile.WriteError(path: url.path, reason: reason)
        }
        self.fd = fd
    }

    public func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}

/// What a path holds, in words for messages.
public enum FileKind {
    /// `file`, `directory`, `fifo`, `socket`, `device`, `symlink`, or nil for an unknown type (the id of a
    /// `file.kind.*` string).
    public static func name(ofMode mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: "file"
        case S_IFDIR: "directory"
        case S_IFIFO: "fifo"
        case S_IFSOCK: "socket"
        case S_IFCHR, S_IFBLK: "device"
        case S_IFLNK: "symlink"
        default: nil
        }
    }

    /// The kind of what is at `path` itself (a link is not followed), or nil when nothing is there.
    public static func at(_ path: String) -> String? {
        guard let mode = mode(of: path, followingLinks: false) else { return nil }
        return name(ofMode: mode) ?? "special"
    }

    /// The mode (type and permission bits) of what is at `path` (`stat`, or `lstat` when links are not followed);
    /// nil with `errno` set when it cannot be read.
    public static func mode(of path: String, followingLinks: Bool) -> mode_t? {
        var mode: UInt32 = 0
        guard chorus_file_mode(path, followingLinks ? 1 : 0, &mode) == 0 else { return nil }
        return mode_t(mode)
    }
}
