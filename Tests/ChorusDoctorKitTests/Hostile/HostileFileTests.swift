import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

#if canImport(Glibc)
    import Glibc
#endif

/// Paths and files: profile names never leave the profiles folder, only regular files are replaced, links are
/// written through, concurrent writers are all kept, no temporary copy of a secret outlives a killed writer, and
/// every error says what is really wrong.
@Suite struct HostileFileTests {
    static let badNames = [
        "../../victim", "../victim", "a/../../victim", "/tmp/victim", "..", ".hidden", " victim", "a/b",
    ]

    /// A victim file outside the profiles folder, where `../../victim` would land.
    static func plantVictim(_ test: TestContext) throws -> URL {
        let victim = test.context.paths.profiles.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("victim.yaml")
        try FileManager.default.createDirectory(
            at: victim.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("client_secret: keep-me\n".utf8).write(to: victim)
        return victim
    }

    @Test(arguments: badNames)
    func profileDeleteStaysInTheFolder(_ name: String) throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let victim = try Self.plantVictim(test)
        #expect(ProfileFlow.delete(test.context, name: name) == .usage)
        #expect(FileManager.default.fileExists(atPath: victim.path), "\(name) deleted the victim")
        #expect(throws: ProfileFileError.self) { try ProfileStore(paths: test.context.paths).delete(name) }
        #expect(FileManager.default.fileExists(atPath: victim.path))
    }

    @Test(arguments: badNames)
    func profileWritesStayInTheFolder(_ name: String) throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let victim = try Self.plantVictim(test)
        #expect(ProfileFlow.set(test.context, name: name, key: "siret", value: "73282932000074") { nil } == .usage)
        #expect(throws: ProfileFileError.self) {
            try ProfileStore(paths: test.context.paths).save(Fixture.document(), as: name)
        }
        #expect(try String(contentsOf: victim, encoding: .utf8) == "client_secret: keep-me\n")
        #expect(!ProfileStore(paths: test.context.paths).exists(name))
        #expect(throws: ProfileFileError.self) { try ProfileStore(paths: test.context.paths).load(name) }
    }

    /// A profile file that is a symbolic link (a dotfiles repository) is written through: the link stays, the
    /// linked file has the change, mode 0600.
    @Test(arguments: ["relative", "absolute"])
    func symlinkedProfileIsWrittenThrough(_ kind: String) throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let dotfiles = test.home.appendingPathComponent("dotfiles")
        try FileManager.default.createDirectory(at: dotfiles, withIntermediateDirectories: true)
        let target = dotfiles.appendingPathComponent("chorus.yaml")
        try Data("siret: \"73282932000074\"\n".utf8).write(to: target)
        let profiles = test.context.paths.profiles
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        let link = profiles.appendingPathComponent("default.yaml")
        let destination = kind == "relative" ? "../../../dotfiles/chorus.yaml" : target.path
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: destination)
        #expect(
            ProfileFlow.set(test.context, name: "default", key: "piste_application", value: "acme-erp") { nil } == .ok)
        #expect(FileKind.at(link.path) == "symlink", "the link is kept")
        let text = try String(contentsOf: target, encoding: .utf8)
        #expect(text.contains("acme-erp") && text.contains("73282932000074"))
        #expect(AtomicFile.permissions(of: target) == 0o600)
    }

    /// Ten writers at once, each a read-modify-write: every update that returned is in the file.
    @Test(arguments: [10, 20])
    func concurrentUpdatesAreAllKept(_ writers: Int) async throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let store = ProfileStore(paths: test.context.paths)
        try store.save(ProfileDocument(), as: "default")
        let rounds = 10
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<writers {
                // Each writer a thread of its own: the profile lock's waits and the pause inside the update
                // (widening the read-modify-write window) never hold the cooperative pool.
                group.addTask {
                    await OwnThread.run {
                        for _ in 0..<rounds {
                            _ = try? store.update("default") { document in
                                let count = Int(document.pisteApplication ?? "0") ?? 0
                                usleep(200)
                                document.pisteApplication = String(count + 1)
                            }
                        }
                    }
                }
            }
        }
        #expect(try store.load("default")?.pisteApplication == String(writers * rounds))
    }

    /// A temporary copy left by a writer killed with `kill -9` (its process id no longer runs) is removed by the
    /// next write; one of a running writer is left alone.
    @Test func staleTemporaryCopiesAreRemoved() async throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let profiles = test.context.paths.profiles
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        let dead = try await Self.deadProcessID()
        let stale = profiles.appendingPathComponent(".default.yaml.\(dead).1234.tmp")
        let live = profiles.appendingPathComponent(".default.yaml.1.5678.tmp")
        try Data("client_secret: stale-secret\n".utf8).write(to: stale)
        try Data("client_secret: live-writer\n".utf8).write(to: live)
        #expect(ProfileFlow.set(test.context, name: "default", key: "siret", value: "73282932000074") { nil } == .ok)
        #expect(!FileManager.default.fileExists(atPath: stale.path), "the stale copy holding a secret is gone")
        #expect(FileManager.default.fileExists(atPath: live.path), "a running writer's copy is left")
        #expect(!test.everyFileUnderHome().contains("stale-secret"))
    }

    /// The process id of a process that ran and was reaped.
    static func deadProcessID() async throws -> pid_t {
        try await ProgramRun.run(URL(fileURLWithPath: "/bin/true"), []).processIdentifier
    }

    /// A FIFO (or a directory) where the profile should be: reported as what it is, never opened (reading a FIFO
    /// would wait forever), never replaced.
    @Test(arguments: ["fifo", "directory"])
    func specialFileWhereTheProfileIs(_ kind: String) async throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let path = test.context.paths.profileFile("default")
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        if kind == "fifo" {
            #expect(mkfifo(path.path, 0o600) == 0)
        } else {
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        }
        let status = await CheckFlow.execute(test.context, options: .init(profile: "default"))
        #expect(status == .configFile)
        #expect(ProfileFlow.set(test.context, name: "default", key: "siret", value: "73282932000074") { nil } != .ok)
        let errors = test.console.errors
        #expect(errors.contains("is: " + Strings(language: .en)("file.kind.\(kind)")), "\(errors)")
        #expect(!errors.lowercased().contains("permission denied"))
        #expect(FileKind.at(path.path) == kind)
    }

    /// A profile that cannot be saved says so, with the path and the system's reason: not "this run's result",
    /// not "error 512".
    @Test func failedProfileSaveSaysWhy() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        // The config folder is a file: nothing can be made under it (true even for root).
        let config = test.context.paths.config
        try FileManager.default.createDirectory(
            at: config.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: config)
        #expect(
            ProfileFlow.set(test.context, name: "default", key: "siret", value: "73282932000074") { nil } == .failure)
        let errors = test.console.errors
        #expect(errors.contains("Could not save profile default"), "\(errors)")
        #expect(errors.contains("Not a directory"), "\(errors)")
        // Read without the temporary HOME's path: its random name can hold "512".
        let message = errors.replacingOccurrences(of: test.home.path, with: "$HOME")
        #expect(!message.contains("512") && !message.contains("run's result"), "\(errors)")
    }

    /// A corrupt setup progress file is reported as corrupt by `setup status` (exit 3), not as "no setup yet".
    @Test(arguments: ["{broken", "", #"{"schema":"other/1"}"#])
    func corruptSetupProgressIsReported(_ content: String) throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let store = SetupProgressStore(paths: test.context.paths)
        try FileManager.default.createDirectory(at: store.directory, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: store.file("default"))
        #expect(SetupFlow.status(test.context, profile: nil) == .configFile)
        #expect(test.console.errors.contains(store.file("default").path))
        #expect(!test.console.output.contains("No setup yet"))
    }

    /// `bundle -o` never replaces what is not a regular file: a FIFO, a directory, a link (`/proc/self/fd/1` is
    /// one), a device.
    @Test(arguments: ["fifo", "directory", "symlink", "device"])
    func bundleNeverReplacesASpecialFile(_ kind: String) async throws {
        let test = try TestContext(loopback: true)
        defer { test.cleanUp() }
        let server = try HostileServer()
        defer { server.stop() }
        try ProfileStore(paths: test.context.paths).save(server.document(), as: "default")
        _ = await CheckFlow.execute(test.context, options: .init(profile: "default"))
        var target = test.home.appendingPathComponent("out.zip")
        switch kind {
        case "fifo": #expect(mkfifo(target.path, 0o600) == 0)
        case "directory": try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        case "symlink":
            let real = test.home.appendingPathComponent("real.txt")
            try Data("keep".utf8).write(to: real)
            try FileManager.default.createSymbolicLink(atPath: target.path, withDestinationPath: real.path)
        default: target = URL(fileURLWithPath: "/dev/null")
        }
        let status = await BundleFlow.execute(
            test.context, options: .init(profile: "default", output: target.path))
        #expect(status == .failure)
        #expect(FileKind.at(target.path) == (kind == "device" ? "device" : kind), "\(kind) was replaced")
        #expect(test.console.errors.contains("not a regular file"))
        #expect(test.console.errors.contains("-o -"), "the message offers standard output")
    }
}
