import CGzip
import Foundation
import ZIPFoundation

/// Reads the archives `chorus-doctor bundle` writes (ZIP through ZIPFoundation; ustar inside gzip, inflated by
/// zlib), whatever their compression. Sizes are bounded: a truncated, hostile or oversized file is an error, never
/// a crash.
enum BundleArchive {
    typealias Unreadable = ReplayRecording.Unreadable

    /// Bytes read from an archive at most, once uncompressed.
    static let sizeLimit = 256 << 20

    /// Name → contents of every file entry.
    static func zipEntries(_ data: Data) throws(Unreadable) -> [String: Data] {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw Unreadable(description: "not a ZIP archive (\(error))")
        }
        var files: [String: Data] = [:]
        var total = 0
        for entry in archive where entry.type == .file {
            var contents = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    total += chunk.count
                    guard total <= sizeLimit else { throw Unreadable(description: "ZIP archive larger than allowed") }
                    contents.append(chunk)
                }
            } catch let error as Unreadable {
                throw error
            } catch {
                throw Unreadable(description: "damaged ZIP entry \(entry.path) (\(error))")
            }
            files[entry.path] = contents
        }
        guard !files.isEmpty else { throw Unreadable(description: "a ZIP archive with no file in it") }
        return files
    }

    /// The payload of a gzip file, inflated by zlib (at most `sizeLimit` bytes).
    static func gunzip(_ data: Data) throws(Unreadable) -> Data {
        var stream = z_stream()
        guard chorus_inflate_init_gzip(&stream) == Z_OK else { throw Unreadable(description: "zlib: inflateInit2") }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data)
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while status == Z_OK, output.count <= sizeLimit {
                chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(target.baseAddress!, count: target.count - Int(stream.avail_out))
                }
            }
        }
        guard output.count <= sizeLimit else { throw Unreadable(description: "gzip data larger than allowed") }
        guard status == Z_STREAM_END else { throw Unreadable(description: "truncated or damaged gzip data") }
        return output
    }

    /// Name → contents of every regular file of a ustar archive.
    static func tarEntries(_ data: Data) throws(Unreadable) -> [String: Data] {
        let bytes = [UInt8](data)
        var files: [String: Data] = [:]
        var offset = 0
        while offset + 512 <= bytes.count, bytes[offset] != 0 {
            func text(_ at: Int, _ width: Int) -> String {
                let field = bytes[offset + at..<offset + at + width].prefix { $0 != 0 }
                return String(decoding: field, as: UTF8.self)
            }
            let octal = text(124, 12).trimmingCharacters(in: .whitespaces)
            guard let size = Int(octal, radix: 8), size >= 0, offset + 512 + size <= bytes.count else {
                throw Unreadable(description: "truncated tar entry")
            }
            let prefix = text(345, 155)
            let name = prefix.isEmpty ? text(0, 100) : prefix + "/" + text(0, 100)
            if text(156, 1) == "0" || text(156, 1).isEmpty {
                files[name] = Data(bytes[offset + 512..<offset + 512 + size])
            }
            offset += 512 + (size + 511) / 512 * 512
        }
        guard !files.isEmpty else { throw Unreadable(description: "empty tar archive") }
        return files
    }
}
