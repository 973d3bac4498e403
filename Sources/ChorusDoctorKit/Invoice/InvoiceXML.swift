import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The text values of an XML document by element path (local names joined by `/`, from the root), every occurrence
/// kept in document order; attributes under `path@name`. Enough to read an invoice without a schema binding.
///
/// External entities are never resolved and the number of elements is bounded, so a hostile file costs little.
struct XMLValues: Sendable {
    /// The root element's local name (`CrossIndustryInvoice`, `Invoice`…), its namespace URI.
    var root: String
    var rootNamespace: String
    var values: [String: [String]]

    /// The first value at `path`, trimmed; nil when absent or empty.
    func first(_ path: String) -> String? {
        values[path]?.lazy.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty }
    }

    func all(_ path: String) -> [String] {
        (values[path] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Parses `data`; nil when it is not well-formed XML or too large a tree.
    static func parse(_ data: Data, elementLimit: Int = 200_000) -> XMLValues? {
        let collector = Collector(limit: elementLimit)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = collector
        // A document cut short may still parse without error here: its root must have been closed.
        guard parser.parse(), !collector.overflow, collector.closed, let root = collector.root else { return nil }
        return XMLValues(root: root, rootNamespace: collector.rootNamespace, values: collector.values)
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var stack: [String] = []
        var texts: [String] = []
        var values: [String: [String]] = [:]
        var root: String?
        var rootNamespace = ""
        var count = 0
        var overflow = false
        var closed = false
        let limit: Int

        init(limit: Int) { self.limit = limit }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            count += 1
            if count > limit {
                overflow = true
                parser.abortParsing()
                return
            }
            let name = elementName.split(separator: ":").last.map(String.init) ?? elementName
            if root == nil {
                root = name
                rootNamespace = namespaceURI ?? ""
            }
            stack.append(name)
            texts.append("")
            let path = stack.joined(separator: "/")
            for (key, value) in attributes {
                let local = key.split(separator: ":").last.map(String.init) ?? key
                values[path + "@" + local, default: []].append(value)
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !texts.isEmpty else { return }
            texts[texts.count - 1] += string
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            guard !stack.isEmpty else { return }
            values[stack.joined(separator: "/"), default: []].append(texts.removeLast())
            stack.removeLast()
            if stack.isEmpty { closed = true }
        }
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
