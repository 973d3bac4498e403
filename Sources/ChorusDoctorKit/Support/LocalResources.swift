import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What this process may still open: `check --all` sizes its pool to it, so a low `ulimit -n` slows the run down
/// instead of making healthy profiles fail as if the platform were at fault.
public enum LocalResources {
    /// Descriptors one check may hold at once (a transfer's socket, libcurl's resolver and wake-up pipes, the run
    /// file being written), with margin.
    public static let descriptorsPerCheck = 8
    /// Kept free for everything else (standard streams, the terminal, the state files).
    public static let reservedDescriptors = 16

    /// The soft limit on open descriptors (`RLIMIT_NOFILE`), nil when unlimited or unknown.
    public static func descriptorLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else {
            return nil
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// Descriptors open now (from `/proc/self/fd`; 0 when it cannot be read).
    public static func openDescriptors() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count
    }

    /// How many checks may run at once within the descriptor limit (at least one).
    public static func parallelChecks(wanted: Int) -> Int {
        guard let limit = descriptorLimit() else { return max(1, wanted) }
        let free = limit - openDescriptors() - reservedDescriptors
        return max(1, min(wanted, free / descriptorsPerCheck))
    }
}
