import Foundation

/// The processing report `consulterCR` hands back (`fichierCR`): a one-page PDF with one line of text per fact.
enum DepositReportDocument {
    /// A minimal, well-formed PDF 1.4 (Helvetica, WinAnsi; characters outside ASCII are replaced by `?`).
    static func pdf(lines: [String]) -> Data {
        func escaped(_ line: String) -> String {
            String(
                line.unicodeScalars.map { scalar -> String in
                    guard scalar.isASCII, scalar.value >= 0x20, scalar.value < 0x7F else { return "?" }
                    return "()\\".unicodeScalars.contains(scalar) ? "\\" + String(scalar) : String(scalar)
                }.joined())
        }
        var text = "BT /F1 11 Tf 50 800 Td 14 TL\n"
        for line in lines { text += "(\(escaped(line))) Tj T*\n" }
        text += "ET\n"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                + " /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]
        var document = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(document.utf8.count)
            document += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let table = document.utf8.count
        document += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { document += String(format: "%010d 00000 n \n", offset) }
        document += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(table)\n%%EOF\n"
        return Data(document.utf8)
    }
}
