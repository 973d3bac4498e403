import Foundation

/// Reads the archives `chorus-doctor bundle` writes: ZIP with stored entries, ustar inside gzip with deflate
/// "stored" blocks. Other compression methods are refused with a clear reason (unzip the bundle and give its
/// `exchanges.har` instead). Every offset is checked: a truncated or hostile file is an error, never a crash.
enum BundleArchive {
    typealias Unreadable = ReplayRecording.Unreadable

    /// Bytes read from an archive at most.
    static let sizeLimit = 256 << 20

    /// Name → contents of every stored file entry, from the local headers.
    static func zipEntries(_ data: Data) throws(Unreadable) -> [String: Data] {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int? { at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil }
        func u32(_ at: Int) -> Int? {
            guard let low = u16(at), let high = u16(at + 2) else { return nil }
            return low | high << 16
        }
        var files: [String: Data] = [:]
        var offset = 0
        while let signature = u32(offset), signature == 0x0403_4b50 {
            guard let flags = u16(offset + 6), let method = u16(offset + 8), let size = u32(offset + 18),
                let nameLength = u16(offset + 26), let extraLength = u16(offset + 28)
            else { throw Unreadable(description: "truncated ZIP header") }
            let nameStart = offset + 30
            let dataStart = nameStart + nameLength + extraLength
            guard flags & 0x08 == 0, dataStart + size <= bytes.count, size <= sizeLimit else {
                throw Unreadable(description: "truncated or streamed ZIP entry")
            }
            let name = String(decoding: bytes[nameStart..<nameStart + nameLength], as: UTF8.self)
            if !name.hasSuffix("/") {
                guard method == 0 else {
                    throw Unreadable(
                        description: "\(name) is compressed (method \(method)): unzip it and give its exchanges.har")
                }
                files[name] = Data(bytes[dataStart..<dataStart + size])
            }
            offset = dataStart + size
        }
        guard !files.isEmpty else { throw Unreadable(description: "not a ZIP archive with stored entries") }
        return files
    }

    /// The payload of a gzip member made of deflate "stored" blocks.
    static func gunzipStored(_ data: Data) throws(Unreadable) -> Data {
        let bytes = [UInt8](data)
        guard bytes.count >= 18, bytes[0] == 0x1F, bytes[1] == 0x8B, bytes[2] == 0x08 else {
            throw Unreadable(description: "not a gzip file")
        }
        let flags = bytes[3]
        var offset = 10
        if flags & 0x04 != 0 {
            guard offset + 2 <= bytes.count else { throw Unreadable(description: "truncated gzip header") }
            offset += 2 + (Int(bytes[offset]) | Int(bytes[offset + 1]) << 8)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {
            while offset < bytes.count, bytes[offset] != 0 { offset += 1 }
            offset += 1
        }
        if flags & 0x02 != 0 { offset += 2 }
        var out = Data()
        while true {
            guard offset + 5 <= bytes.count else { throw Unreadable(description: "truncated gzip data") }
            let header = bytes[offset]
            guard header & 0x06 == 0 else {
                throw Unreadable(description: "compressed gzip data: extract the bundle and give its exchanges.har")
            }
            let length = Int(bytes[offset + 1]) | Int(bytes[offset + 2]) << 8
            let start = offset + 5
            guard start + length <= bytes.count, out.count + length <= sizeLimit else {
                throw Unreadable(description: "truncated gzip data")
            }
            out.append(contentsOf: bytes[start..<start + length])
            offset = start + length
            if header & 0x01 != 0 { break }
        }
        return out
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
