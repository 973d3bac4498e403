import Foundation

/// `chorus-doctor bundle`: one archive holding everything support needs, without a secret in it.
public enum BundleFlow {
    /// What `bundle` was asked for.
    public struct Options: Sendable {
        public var profile: String
        /// The archive to write; nil: `chorus-doctor-<profile>-<date>.<ext>` in the current directory.
        public var output: String?
        /// Nil: from `output`'s extension, else ZIP.
        public var archive: ArchiveKind?
        /// List the files that would be written, and write nothing.
        public var preview: Bool
        /// Runs summarised in `runs.json`.
        public var runCount: Int
        public var ticketLanguage: Language
        public var runFirst: Bool
        public var timeout: Duration
        /// The machine described; nil reads this one (tests pass a fixed one).
        public var system: SystemSnapshot?

        public init(
            profile: String = "default", output: String? = nil, archive: ArchiveKind? = nil, preview: Bool = false,
            runCount: Int = 10, ticketLanguage: Language = .fr, runFirst: Bool = false,
            timeout: Duration = .seconds(15),
            system: SystemSnapshot? = nil
        ) {
            self.profile = profile
            self.output = output
            self.archive = archive
            self.preview = preview
            self.runCount = runCount
            self.ticketLanguage = ticketLanguage
            self.runFirst = runFirst
            self.timeout = timeout
            self.system = system
        }

        /// The archive kind: the option, else the output's extension, else ZIP.
        public var kind: ArchiveKind { archive ?? output.flatMap { ArchiveKind(fileName: $0) } ?? .zip }
    }

    /// Writes the archive atomically with mode 0600 (or, with `preview`, lists its files and writes nothing).
    public static func execute(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        let material: ReportMaterial
        let report: SupportReport
        do {
            material = try await ReportFlow.gather(
                ctx, profile: options.profile, runFirst: options.runFirst, timeout: options.timeout,
                machineOutput: options.output == "-")
            report = try ReportFlow.build(ctx, material, ticketLanguage: options.ticketLanguage, system: options.system)
        } catch {
            ctx.console.showError(error.message + "\n")
            return error.status
        }
        let bundle = SupportBundle(
            report: report, material: material, strings: ctx.strings, redactor: ctx.redactor, runCount: options.runCount
        )
        let files: [RedactedFile]
        do {
            files = try bundle.files()
        } catch {
            ctx.console.showError(ctx.strings("bundle.error.write", ["path": "-", "detail": "\(error)"]) + "\n")
            return .failure
        }
        let root = "chorus-doctor-\(options.profile)-\(stamp(report.generatedAt))"
        let url = outputURL(options, root: root)
        if options.preview {
            ctx.console.show(preview(ctx, bundle: bundle, files: files, url: url, kind: options.kind))
            return .ok
        }
        let data: Data
        do {
            data = try options.kind.archive(files, root: root, date: report.generatedAt)
        } catch {
            ctx.console.showError(ctx.strings("bundle.error.write", ["path": url.path, "detail": "\(error)"]) + "\n")
            return .failure
        }
        if options.output == "-" {
            // `-o -`: the archive streams to standard output (a pipe, `ssh`, `gpg`); the summary goes to stderr.
            guard writeStandardOutput(data) else {
                ctx.console.showError(
                    ctx.strings("bundle.error.write", ["path": "-", "detail": "standard output"]) + "\n")
                return .failure
            }
            ctx.console.showError(
                ctx.strings(
                    "bundle.written",
                    ["path": "-", "count": String(files.count), "size": byteCount(data.count, ctx.strings)]) + "\n")
            return .ok
        }
        // Only a regular file is ever replaced: not a device, a FIFO, a directory nor a link (`/proc/self/fd/1`).
        if let kind = FileKind.at(url.path), kind != "file" {
            ctx.console.showError(
                ctx.strings("bundle.error.not_regular", ["path": url.path, "kind": ctx.strings("file.kind.\(kind)")])
                    + "\n")
            return .failure
        }
        do {
            try AtomicFile.write(data, to: url, mode: 0o600)
        } catch {
            ctx.console.showError(ctx.strings("bundle.error.write", ["path": url.path, "detail": "\(error)"]) + "\n")
            return .failure
        }
        ctx.console.show(
            ctx.strings(
                "bundle.written",
                ["path": url.path, "count": String(files.count), "size": byteCount(data.count, ctx.strings)]) + "\n")
        return .ok
    }

    /// Writes every byte to file descriptor 1 (bypassing the console: an archive is not text).
    static func writeStandardOutput(_ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    static func preview(_ ctx: DoctorContext, bundle: SupportBundle, files: [RedactedFile], url: URL, kind: ArchiveKind)
        -> String
    {
        var lines = [ctx.strings("bundle.preview.header", ["path": url.path, "kind": kind.rawValue]), ""]
        let width = files.map(\.name.count).max() ?? 0
        for file in files {
            let size = byteCount(file.data.count, ctx.strings).leftPadded(to: 10)
            lines.append(
                "  \(file.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(size)  \(bundle.describe(file.name))"
            )
        }
        lines.append("")
        lines.append(ctx.strings("bundle.preview.footer"))
        return lines.joined(separator: "\n") + "\n"
    }

    static func outputURL(_ options: Options, root: String) -> URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        guard let output = options.output, !output.isEmpty else {
            return cwd.appendingPathComponent("\(root).\(options.kind.fileExtension)")
        }
        let expanded = NSString(string: output).expandingTildeInPath
        return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : cwd.appendingPathComponent(expanded)
    }

    static func stamp(_ date: Date) -> String { ReportDate.format(date, "yyyyMMdd-HHmmss") }

    static func byteCount(_ count: Int, _ strings: Strings) -> String {
        count < 10_000
            ? strings("bundle.size.bytes", ["count": String(count)])
            : strings("bundle.size.kilobytes", ["count": String((count + 512) / 1024)])
    }
}
