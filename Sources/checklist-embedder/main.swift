// checklist-embedder CHECKLISTS_DIR OUTPUT.swift: run by the EmbedChecklists build plugin. Decodes and checks every
// file of checklists/ and writes the Swift source of the Kit's values (see EmbeddedSource); on a broken file it
// prints every problem, with file, line and path, and fails the build.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: checklist-embedder CHECKLISTS_DIR OUTPUT.swift\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1], isDirectory: true).standardizedFileURL
let output = URL(fileURLWithPath: arguments[2])

var embedded = EmbeddedSource()
guard let swift = embedded.generate(root: root) else {
    for problem in embedded.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
    exit(1)
}
let data = Data(swift.utf8)
if (try? Data(contentsOf: output)) != data {
    do {
        try data.write(to: output, options: .atomic)
    } catch {
        FileHandle.standardError.write(Data("checklist-embedder: cannot write \(output.path): \(error)\n".utf8))
        exit(1)
    }
}
