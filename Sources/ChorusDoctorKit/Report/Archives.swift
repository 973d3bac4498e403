import Foundation

/// The archive kinds `bundle` writes. Both are written by the tool itself (no compression library): entries are
/// stored uncompressed (ZIP method 0; gzip with deflate "stored" blocks), which every unzip, tar and gzip reads.
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
    public func archive(_ files: [RedactedFile], root: String, date: Date) -> Data {
        switch self {
        case .zip: ZipArchive.data(files, root: root, date: date)
        case .tarGz: Gzip.data(TarArchive.data(files, root: root, date: date), date: date)
        }
    }
}

/// Little-endian field writers of the archive formats.
extension Data {

    fileprivate mutating func append16(_ value: Int) { append16(UInt16(truncatingIfNeeded: value)) }
    fileprivate mutating func append16(_ value: UInt16) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
    fileprivate mutating func append32(_ value: Int) { append32(UInt32(truncatingIfNeeded: value)) }
    fileprivate mutating func append32(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// ZIP (APPNOTE 6.3): local headers, stored data, central directory. Unix permissions 0600 (0700 for the folder).
enum ZipArchive {
    static func data(_ files: [RedactedFile], root: String, date: Date) -> Data {
        let (time, day) = dosDateTime(date)
        var out = Data()
        var central = Data()
        typealias Entry = (name: String, data: Data, mode: Int)
        let entries: [Entry] =
            [(name: root + "/", data: Data(), mode: 0o040700)]
            + files.map { (name: root + "/" + $0.name, data: $0.data, mode: 0o100600) }
        for entry in entries {
            let offset = out.count
            let name = Data(entry.name.utf8)
            let crc = CRC32.checksum(entry.data)
            func common(_ header: inout Data) {
                header.append16(10)  // version needed: 1.0 (stored)
                header.append16(0x0800)  // names are UTF-8
                header.append16(0)  // method: stored
                header.append16(time)
                header.append16(day)
                header.append32(crc)
                header.append32(entry.data.count)
                header.append32(entry.data.count)
                header.append16(name.count)
                header.append16(0)  // extra field length
            }
            out.append32(0x0403_4b50)
            common(&out)
            out.append(name)
            out.append(entry.data)

            central.append32(0x0201_4b50)
            central.append16(0x031E)  // made by: Unix, 3.0
            common(&central)
            central.append16(0)  // comment length
            central.append16(0)  // disk number
            central.append16(0)  // internal attributes
            central.append32(UInt32(entry.mode) << 16 | (entry.name.hasSuffix("/") ? 0x10 : 0))
            central.append32(offset)
            central.append(name)
        }
        let centralOffset = out.count
        out.append(central)
        out.append32(0x0605_4b50)
        out.append16(0)
        out.append16(0)
        out.append16(entries.count)
        out.append16(entries.count)
        out.append32(central.count)
        out.append32(centralOffset)
        out.append16(0)
        return out
    }

    static func dosDateTime(_ date: Date) -> (time: UInt16, day: UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let time = (c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2
        let day = max(0, (c.year ?? 1980) - 1980) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1)
        return (UInt16(truncatingIfNeeded: time), UInt16(truncatingIfNeeded: day))
    }
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

/// gzip (RFC 1952) around deflate (RFC 1951) "stored" blocks of at most 65,535 bytes.
enum Gzip {
    static func data(_ payload: Data, date: Date) -> Data {
        var out = Data([0x1F, 0x8B, 0x08, 0x00])
        out.append32(UInt32(truncatingIfNeeded: Int(max(0, date.timeIntervalSince1970))))
        out.append(contentsOf: [0x00, 0x03])  // no extra flags; OS: Unix
        var offset = payload.startIndex
        repeat {
            let end = min(offset + 65_535, payload.endIndex)
            out.append(end == payload.endIndex ? 0x01 : 0x00)  // BFINAL, BTYPE 00 (stored)
            let length = UInt16(end - offset)
            out.append16(length)
            out.append16(~length)
            out.append(payload[offset..<end])
            offset = end
        } while offset < payload.endIndex
        out.append32(CRC32.checksum(payload))
        out.append32(UInt32(truncatingIfNeeded: payload.count))
        return out
    }
}
