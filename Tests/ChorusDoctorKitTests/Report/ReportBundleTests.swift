import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The archives `bundle` writes open with the system's tools and Python's, hold every file 0600, and the manifest's
/// hashes match the files.
@Suite struct ReportBundleTests {
    static func bundled(_ kind: ArchiveKind) async throws -> (home: ReportHome, archive: URL, unpacked: URL) {
        let home = try await ReportGoldenTests.home()
        let archive = home.url.appendingPathComponent("support.\(kind.fileExtension)")
        let (ctx, console) = try home.command()
        let options = BundleFlow.Options(
            profile: ReportFixture.profileName, output: archive.path, system: ReportFixture.system)
        #expect(await BundleFlow.execute(ctx, options: options) == .ok, "\(console.errors)")
        #expect(console.output.contains(archive.path))
        let unpacked = home.url.appendingPathComponent("unpacked")
        try await ArchiveTool.extract(archive, kind: kind, into: unpacked)
        return (home, archive, unpacked)
    }

    @Test(arguments: ArchiveKind.allCases)
    func archiveOpensAndManifestHashesMatch(_ kind: ArchiveKind) async throws {
        let (home, archive, unpacked) = try await Self.bundled(kind)
        defer { home.remove() }
        #expect(AtomicFile.permissions(of: archive) == 0o600)
        let root = unpacked.appendingPathComponent("chorus-doctor-acme-20261121-093000")
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(names == SupportBundle.fileNames.sorted())
        for name in names { #expect(AtomicFile.permissions(of: root.appendingPathComponent(name)) == 0o600, "\(name)") }

        let manifest = try CheckReport.decoder().decode(
            SupportBundle.Manifest.self, from: Data(contentsOf: root.appendingPathComponent("manifest.json")))
        #expect(manifest.schema == "chorus-doctor.bundle/1")
        #expect(manifest.files.map(\.name) == SupportBundle.fileNames.dropLast())
        for entry in manifest.files {
            let data = try Data(contentsOf: root.appendingPathComponent(entry.name))
            #expect(entry.bytes == data.count, "\(entry.name)")
            #expect(entry.sha256 == Checksum.sha256(data), "\(entry.name)")
            let system = try await ArchiveTool.run("sha256sum", [root.appendingPathComponent(entry.name).path])
            #expect(system.hasPrefix(entry.sha256), "\(entry.name): sha256sum says \(system)")
        }
    }

    @Test func pythonReadsBothArchiveKinds() async throws {
        for kind in ArchiveKind.allCases {
            let (home, archive, _) = try await Self.bundled(kind)
            defer { home.remove() }
            let script =
                kind == .zip
                ? "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))"
                : "import tarfile,sys; t=tarfile.open(sys.argv[1],'r:gz'); print(len([m for m in t.getmembers() if m.isfile() and m.mode==0o600]))"
            let output = try await ArchiveTool.run("python3", ["-c", script, archive.path])
            let expected = SupportBundle.fileNames.count + (kind == .zip ? 1 : 0)
            #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == String(expected), "\(kind)")
        }
    }

    @Test func previewListsEveryFileAndWritesNothing() async throws {
        let home = try await ReportGoldenTests.home()
        defer { home.remove() }
        let archive = home.url.appendingPathComponent("never.zip")
        let (ctx, console) = try home.command()
        let options = BundleFlow.Options(profile: ReportFixture.profileName, output: archive.path, preview: true)
        #expect(await BundleFlow.execute(ctx, options: options) == .ok)
        #expect(!FileManager.default.fileExists(atPath: archive.path))
        for name in SupportBundle.fileNames { #expect(console.output.contains(name), "\(name)") }
        #expect(console.output.contains("--preview"))
    }

    @Test func profileInTheBundleHasSecretsReplacedAndOrigins() async throws {
        let (home, _, unpacked) = try await Self.bundled(.zip)
        defer { home.remove() }
        let profile = try #require(FileTree.files(under: unpacked).first { $0.path.hasSuffix("/profile.yaml") })
        let text = String(decoding: profile.data, as: UTF8.self)
        #expect(text.contains(#"client_secret: "[REDACTED:client_secret]"  # file"#))
        #expect(text.contains(#"technical_password: "[REDACTED:technical_password]"  # file"#))
        #expect(text.contains(#"client_id: "\#(Masking.partial(ReportFixture.clientID))"  # file"#))
        #expect(text.contains(#"iban: "[REDACTED:iban]…0189"  # file"#))
        #expect(text.contains(#"token_url: "https://sandbox-oauth.piste.gouv.fr/api/oauth/token"  # default"#))
    }

    // MARK: - Formats and checksums

    @Test func checksumsMatchKnownVectors() {
        #expect(Checksum.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Checksum.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Checksum.sha256(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// A large, repetitive file comes back byte for byte from both archive kinds, and both are compressed.
    @Test(arguments: ArchiveKind.allCases)
    func archivesAreCompressedAndRoundTrip(_ kind: ArchiveKind) async throws {
        let home = try ReportHome()
        defer { home.remove() }
        var sink = RedactingSink(redactor: Redactor())
        sink.add("big.txt", text: String(repeating: "Chorus Pro · qualification\n", count: 9000))
        sink.add("empty.txt", text: "")
        let archive = home.url.appendingPathComponent("big.\(kind.fileExtension)")
        let bytes = try kind.archive(sink.files, root: "big", date: ReportFixture.reportTime)
        try AtomicFile.write(bytes, to: archive)
        #expect(bytes.count * 10 < sink.files[0].data.count, "\(bytes.count) bytes for \(sink.files[0].data.count)")
        if kind == .tarGz { try await ArchiveTool.run("gzip", ["-t", archive.path]) }
        if kind == .zip { try await ArchiveTool.run("unzip", ["-tq", archive.path]) }
        try await ArchiveTool.extract(archive, kind: kind, into: home.url.appendingPathComponent("x"))
        let back = try Data(contentsOf: home.url.appendingPathComponent("x/big/big.txt"))
        #expect(back == sink.files[0].data)
        #expect(try Data(contentsOf: home.url.appendingPathComponent("x/big/empty.txt")).isEmpty)
    }

    @Test func archiveKindFollowsTheOptionThenTheFileName() {
        #expect(BundleFlow.Options(output: "a.tgz").kind == .tarGz)
        #expect(BundleFlow.Options(output: "a.zip").kind == .zip)
        #expect(BundleFlow.Options(output: "a.bin", archive: .tarGz).kind == .tarGz)
        #expect(BundleFlow.Options().kind == .zip)
        #expect(ArchiveKind(option: "rar") == nil)
    }
}
