import ChorusDoctorKit
import ChorusTestSupport
import Foundation
import Testing

/// `profile delete NAME`: confirmed by a person, `--yes` in scripts, `--purge` for the kept runs and progress.
@Suite struct ProfileDeleteTests {
    @Test func deleteAsksOrNeedsYesAndOffersTheState() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        for name in ["a", "b"] {
            let set = try await ChorusBinary.run(
                ["profile", "set", "--profile", name, "siret", "73282932000074"], home: home.url)
            #expect(set.status == 0, "\(set.all)")
            try FileManager.default.createDirectory(
                at: home.state.appendingPathComponent("runs/\(name)"), withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: home.state.appendingPathComponent("runs/\(name)/run.json"))
        }
        // Not at a terminal, no --yes: refused, nothing lost.
        let refused = try await ChorusBinary.run(["profile", "delete", "a"], home: home.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--yes"))
        #expect(FileManager.default.fileExists(atPath: home.profiles.appendingPathComponent("a.yaml").path))
        // --yes: the profile goes, its runs stay.
        let yes = try await ChorusBinary.run(["profile", "delete", "a", "--yes"], home: home.url)
        #expect(yes.status == 0, "\(yes.all)")
        #expect(!FileManager.default.fileExists(atPath: home.profiles.appendingPathComponent("a.yaml").path))
        #expect(FileManager.default.fileExists(atPath: home.state.appendingPathComponent("runs/a").path))
        // --yes --purge: the runs go too; another profile's stay.
        let purge = try await ChorusBinary.run(["profile", "delete", "b", "--yes", "--purge"], home: home.url)
        #expect(purge.status == 0, "\(purge.all)")
        #expect(!FileManager.default.fileExists(atPath: home.state.appendingPathComponent("runs/b").path))
        #expect(FileManager.default.fileExists(atPath: home.state.appendingPathComponent("runs/a").path))
        let missing = try await ChorusBinary.run(["profile", "delete", "nobody", "--yes"], home: home.url)
        #expect(missing.status == 2)
    }
}
