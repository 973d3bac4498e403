import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What every program the tool starts gets (a profile's secret command, the simulator's program): a process group of
/// its own, so that stopping it reaches what it started too; no signal blocked and the terminal's signals at their
/// defaults, whatever the tool had set; and none of the tool's descriptors but those the caller placed and standard
/// error. Every other one is closed in the child: a pipe to another child, a lock, a file another thread is writing
/// (which, held open by a long-lived child, would also keep that file from being executed: `ETXTBSY`).
public enum ChildProcess {
    /// Sets `attributes` up and adds the closing of the other descriptors to `actions`: call it after the actions
    /// that place the child's standard streams.
    public static func prepare(
        _ actions: inout posix_spawn_file_actions_t, _ attributes: inout posix_spawnattr_t
    ) {
        var flags = Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if os(Linux)
            closeFrom3(&actions)
        #else
            flags |= Int16(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attributes, flags)
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
    }

    #if os(Linux)
        private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np` (not in the Swift module's headers).
        private static let closeFrom: CloseFrom? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            else { return nil }
            return unsafeBitCast(symbol, to: CloseFrom.self)
        }()

        /// Every descriptor above standard error closed in the child: with `closefrom`, else one by one.
        private static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
            if let closeFrom, closeFrom(&actions, 3) == 0 { return }
            let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            for fd in open.compactMap({ Int32($0) }) where fd > 2 {
                posix_spawn_file_actions_addclose(&actions, fd)
            }
        }
    #endif
}
