import CXML
import ChorusTransport
import Foundation

/// The text values of an XML document by element path (local names joined by `/`, from the root), every occurrence
/// kept in document order; attributes under `path@name`. Enough to read an invoice without a schema binding.
///
/// Read with libxml2's pull reader (`XMLLibrary`), opened only when a file is read. External entities and DTDs are
/// never loaded, entities never substituted, and the number of elements is bounded, so a hostile file costs little.
struct XMLValues: Sendable {
    /// The root element's local name (`CrossIndustryInvoice`, `Invoice`…), its namespace URI.
    var root: String
    var rootNamespace: String
    var values: [String: [String]]

    /// Why a file gave no values.
    enum Failure: Error, Equatable {
        /// Not well-formed XML (cut short, not XML at all), or more elements than the limit.
        case malformed
        /// libxml2 could not be opened on this machine: nothing is known about the file.
        case readerMissing(SharedLibraryFailure)
    }

    /// The first value at `path`, trimmed; nil when absent or empty.
    func first(_ path: String) -> String? {
        values[path]?.lazy.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty }
    }

    func all(_ path: String) -> [String] {
        (values[path] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Reads `data`, which must be well-formed XML of at most `elementLimit` elements.
    static func read(_ data: Data, elementLimit: Int = 200_000) throws(Failure) -> XMLValues {
        if let failure = XMLLibrary.failure { throw .readerMissing(failure) }
        guard data.count <= Int(Int32.max), let values = data.withUnsafeBytes({ pull($0, limit: elementLimit) })
        else { throw .malformed }
        return values
    }

    /// Every node of the document in order; nil at the first error or past the limit.
    private static func pull(_ bytes: UnsafeRawBufferPointer, limit: Int) -> XMLValues? {
        guard let base = bytes.baseAddress,
            let reader = chorus_xml_open(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        else { return nil }
        defer { chorus_xml_close(reader) }
        var collector = Collector(limit: limit)
        while true {
            switch chorus_xml_read(reader) {
            case 0:
                // A document cut short must not pass: its root must have been closed.
                guard collector.closed, let root = collector.root else { return nil }
                return XMLValues(root: root, rootNamespace: collector.rootNamespace, values: collector.values)
            case 1: break
            default: return nil
            }
            switch Int(chorus_xml_node_type(reader)) {
            case CHORUS_XML_ELEMENT:
                let empty = chorus_xml_is_empty_element(reader) == 1
                var attributes: [(String, String)] = []
                while chorus_xml_next_attribute(reader) == 1 {
                    guard chorus_xml_is_namespace_declaration(reader) != 1 else { continue }
                    attributes.append((text(chorus_xml_local_name(reader)), text(chorus_xml_value(reader))))
                }
                _ = chorus_xml_move_to_element(reader)
                let started = collector.start(
                    text(chorus_xml_local_name(reader)), namespace: text(chorus_xml_namespace_uri(reader)),
                    attributes: attributes)
                guard started else { return nil }
                if empty { collector.end() }
            case CHORUS_XML_TEXT, CHORUS_XML_CDATA, CHORUS_XML_WHITESPACE, CHORUS_XML_SIGNIFICANT_WHITESPACE:
                collector.characters(text(chorus_xml_value(reader)))
            case CHORUS_XML_END_ELEMENT:
                collector.end()
            default:
                // Comments, processing instructions, the document type, unsubstituted entity references.
                break
            }
        }
    }

    /// libxml2's UTF-8 (checked by libxml2 already; anything else would be repaired, not trusted).
    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private struct Collector {
        var stack: [String] = []
        var texts: [String] = []
        var values: [String: [String]] = [:]
        var root: String?
        var rootNamespace = ""
        var count = 0
        var closed = false
        let limit: Int

        /// False past the element limit.
        mutating func start(_ name: String, namespace: String, attributes: [(String, String)]) -> Bool {
            count += 1
            guard count <= limit else { return false }
            if root == nil {
                root = name
                rootNamespace = namespace
            }
            stack.append(name)
            texts.append("")
            let path = stack.joined(separator: "/")
            for (local, value) in attributes {
                values[path + "@" + local, default: []].append(value)
            }
            return true
        }

        mutating func characters(_ string: String) {
            guard !texts.isEmpty else { return }
            texts[texts.count - 1] += string
        }

        mutating func end() {
            guard !stack.isEmpty else { return }
            values[stack.joined(separator: "/"), default: []].append(texts.removeLast())
            stack.removeLast()
            if stack.isEmpty { closed = true }
        }
    }
}

/// libxml2, opened by the C loader (`Sources/CXML`) when a first XML file is read rather than linked: no other
/// command loads it, nor the ICU libraries it brings.
enum XMLLibrary {
    /// Opens libxml2 for the process on first use (once, thread-safe): nil when it is usable, otherwise why not.
    static var failure: SharedLibraryFailure? {
        chorus_xml_load().map { SharedLibraryFailure($0.pointee) }
    }

    /// The names tried, in order: the versioned one first ("libxml2.so.2"), then the development symlink.
    static var names: [String] { SharedLibraryFailure.names { chorus_xml_candidates($0) } }

    /// Whether libxml2 opens under `names` with every function the reader calls; the process's libxml2 is left alone.
    static func failure(opening names: [String]) -> SharedLibraryFailure? {
        SharedLibraryFailure.trying(names) { chorus_xml_try($0, $1, $2) }
    }
}

/// Escaping for text and attribute values written into XML.
enum XMLText {
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default:
                // Control characters are not allowed in XML 1.0 (except tab, line feed, carriage return).
                if scalar.value < 0x20, ![0x09, 0x0A, 0x0D].contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
