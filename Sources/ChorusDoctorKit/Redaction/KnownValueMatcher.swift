/// Finds every occurrence of many known values in a text in one pass over its UTF-8 bytes: the values are grouped by
/// their first byte once, when the set of values changes, so a text is read once whatever the number of values
/// (instead of one search per value, each going through Foundation's string bridging).
struct KnownValueMatcher: Sendable {
    struct Value: Sendable {
        var bytes: [UInt8]
        var replacement: String
        /// Found only where it stands as a whole JSON string value or form value (see `standsWhole`).
        var whole: Bool
    }

    private let values: [Value]
    /// For each first byte, the indexes of the values starting with it, longest first.
    private let byFirstByte: [[Int]]

    init(_ values: [Value]) {
        let kept = values.filter { !$0.bytes.isEmpty }
        var buckets = [[Int]](repeating: [], count: 256)
        for (index, value) in kept.enumerated() { buckets[Int(value.bytes[0])].append(index) }
        self.values = kept
        byFirstByte = buckets.map { bucket in bucket.sorted { kept[$0].bytes.count > kept[$1].bytes.count } }
    }

    var isEmpty: Bool { values.isEmpty }

    /// `text` with every occurrence replaced. Occurrences that overlap (two secrets sharing bytes) are replaced as
    /// one region by the replacement of the longest, so no byte of any of them is left.
    func replace(in text: String) -> String {
        var steps = 0
        return replace(in: text, steps: &steps)
    }

    /// `replace(in:)`, counting a step per position read and per byte compared (`RedactionWork`).
    func replace(in text: String, steps: inout Int) -> String {
        guard !values.isEmpty else { return text }
        let utf8 = Array(text.utf8)
        let regions = matches(in: utf8, steps: &steps)
        guard !regions.isEmpty else { return text }
        steps += utf8.count
        let spliced = utf8.splicing(regions.map { ($0.range, Array(values[$0.value].replacement.utf8)) })
        return String(decoding: spliced, as: UTF8.self)
    }

    /// True when some value occurs in `bytes`.
    func occurs(in bytes: [UInt8]) -> Bool {
        var steps = 0
        return !matches(in: bytes, steps: &steps).isEmpty
    }

    /// The positions (in the list given to `init`, empty values left out) of every value that occurs in `bytes`,
    /// overlapping or not.
    func found(in bytes: [UInt8]) -> Set<Int> {
        var found = Set<Int>()
        for position in bytes.indices {
            for index in byFirstByte[Int(bytes[position])] where !found.contains(index) {
                let value = values[index]
                let end = position + value.bytes.count
                if end <= bytes.count, bytes[position..<end].elementsEqual(value.bytes),
                    !value.whole || Self.standsWhole(bytes, position..<end)
                {
                    found.insert(index)
                }
            }
        }
        return found
    }

    private struct Region {
        var range: Range<Int>
        var value: Int
    }

    /// Non-overlapping regions, in order; each is the union of overlapping occurrences, labelled by the longest.
    private func matches(in bytes: [UInt8], steps: inout Int) -> [Region] {
        var regions: [Region] = []
        var position = 0
        while position < bytes.count {
            steps += 1
            for index in byFirstByte[Int(bytes[position])] {
                let value = values[index]
                let end = position + value.bytes.count
                steps += value.bytes.count
                guard end <= bytes.count, bytes[position..<end].elementsEqual(value.bytes) else { continue }
                if value.whole && !Self.standsWhole(bytes, position..<end) { continue }
                if let last = regions.last, last.range.upperBound > position {
                    let longest = values[last.value].bytes.count >= value.bytes.count ? last.value : index
                    regions[regions.count - 1] = Region(
                        range: last.range.lowerBound..<max(last.range.upperBound, end), value: longest)
                } else {
                    regions.append(Region(range: position..<end, value: index))
                }
                break
            }
            position += 1
        }
        return regions
    }

    /// A JSON string value (`: "x"` with up to three spaces, never a key) or a form value (`=x` before `&`, a
    /// space, a quote or the end of the text). Replacing these keeps JSON valid.
    static func standsWhole(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        let quote = UInt8(ascii: "\"")
        let before = range.lowerBound > 0 ? bytes[range.lowerBound - 1] : nil
        let after = range.upperBound < bytes.count ? bytes[range.upperBound] : nil
        if before == UInt8(ascii: "=") {
            guard let after else { return true }
            return [UInt8(ascii: "&"), quote, UInt8(ascii: "'"), 0x20, 0x09, 0x0A, 0x0D].contains(after)
        }
        guard before == quote, after == quote else { return false }
        var cursor = range.lowerBound - 2
        var spaces = 0
        while cursor >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]), spaces < 3 {
            cursor -= 1
            spaces += 1
        }
        return cursor >= 0 && bytes[cursor] == UInt8(ascii: ":")
    }
}
