import CGzip
import Foundation
import ZIPFoundation

/// The archive kinds `bundle` writes, compressed: ZIP with deflate (ZIPFoundation), or a ustar archive in gzip
/// (zlib). Both open with every unzip, tar and gzip, and with Python's zipfile and tarfile.
public enum ArchiveKind: String, Sendable, CaseIterable {
    case zip
    case tarGz = "tar.gz"

    public var fileExtension: String { rawValue }

    /// Accepts `zip`, `tar.gz`, `tgz`.
    public init?(option: String) {
        switch option.lowercased() {
        case "zip": self = .zip
        case "tar.gz", "tgz", "targz", "tar": self = .tarGz
        default: return nil
        }
    }

    /// The kind a file name asks for by its extension, if any.
    public init?(fileName: String) {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".zip") {
            self = .zip
        } else if lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz") {
            self = .tarGz
        } else {
            return nil
        }
    }

    /// The archive's bytes: every file under the folder `root`, mode 0600, dated `date`.
    public func archive(_ files: [RedactedFile], root: String, date: Date) throws -> Data {
        switch self {
        case .zip: try ZipArchive.data(files, root: root, date: date)
        case .tarGz: try Gzip.data(TarArchive.data(files, root: root, date: date))
        }
    }
}

/// ZIP through ZIPFoundation, in memory: a folder entry (0700), then each file deflated (0600).
enum ZipArchive {
    static func data(_ files: [RedactedFile], root: String, date: Date) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(
            with: root + "/", type: .directory, uncompressedSize: Int64(0), modificationDate: date,
            permissions: 0o700, provider: { (_: Int64, _: Int) in Data() })
        for file in files {
            let data = file.data
            try archive.addEntry(
                with: root + "/" + file.name, type: .file, uncompressedSize: Int64(data.count),
                modificationDate: date, permissions: 0o600, compressionMethod: .deflate,
                provider: { (position: Int64, size: Int) in
                    let start = data.startIndex + Int(position)
                    return data.subdata(in: start..<min(start + size, data.endIndex))
                })
        }
        guard let bytes = archive.data else { throw ArchiveFailure(detail: "ZIP archive has no data") }
        return bytes
    }
}

/// What an archive library reported.
struct ArchiveFailure: Error, CustomStringConvertible {
    var detail: String
    var description: String { detail }
}

/// POSIX ustar: one 512-byte header per entry, data padded to 512, two zero blocks at the end.
enum TarArchive {
    static func data(_ files: [RedactedFile], root: String, date: Date) -> Data {
        var out = Data()
        let mtime = Int(max(0, date.timeIntervalSince1970))
        out.append(header(name: root + "/", size: 0, mode: 0o700, mtime: mtime, type: "5"))
        for file in files {
            out.append(
                header(name: root + "/" + file.name, size: file.data.count, mode: 0o600, mtime: mtime, type: "0"))
            out.append(file.data)
            out.append(Data(count: (512 - file.data.count % 512) % 512))
        }
        out.append(Data(count: 1024))
        return out
    }

    static func header(name: String, size: Int, mode: Int, mtime: Int, type: Character) -> Data {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        var path = name
        var prefix = ""
        if path.utf8.count > 100, let slash = path.firstIndex(of: "/") {
            prefix = String(path[..<slash])
            path = String(path[path.index(after: slash)...])
        }
        put(path, at: 0, width: 100)
        put(octal(mode, width: 8), at: 100, width: 7)
        put(octal(0, width: 8), at: 108, width: 7)
        put(octal(0, width: 8), at: 116, width: 7)
        put(octal(size, width: 12), at: 124, width: 11)
        put(octal(mtime, width: 12), at: 136, width: 11)
        put(String(repeating: " ", count: 8), at: 148, width: 8)
        put(String(type), at: 156, width: 1)
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put(prefix, at: 345, width: 155)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7) + "\0 ", at: 148, width: 8)
        return Data(block)
    }
}

/// gzip (RFC 1952) by zlib: deflate at its default level, header and CRC-32 trailer written by zlib itself.
enum Gzip {
    static func data(_ payload: Data) throws -> Data {
        var stream = z_stream()
        guard chorus_deflate_init_gzip(&stream, Z_DEFAULT_COMPRESSION) == Z_OK else {
            throw ArchiveFailure(detail: "zlib: deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var input = [UInt8](payload)
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = deflate(&stream, Z_FINISH)
                    output.append(target.baseAddress!, count: target.count - Int(stream.avail_out))
                }
            } while status == Z_OK || status == Z_BUF_ERROR && stream.avail_out == 0
        }
        guard status == Z_STREAM_END else { throw ArchiveFailure(detail: "zlib: deflate ended with \(status)") }
        return output
    }
}
