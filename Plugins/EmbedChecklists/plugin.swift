import Foundation
import PackagePlugin

/// Compiles `checklists/` (rules, setup steps, both languages) into ChorusDoctorKit at build time.
@main
struct EmbedChecklists: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let checklists = context.package.directoryURL.appending(path: "checklists")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: checklists, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where ["yaml", "yml", "md"].contains(url.pathExtension) {
                inputs.append(url)
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedChecklists.swift")
        return [
            .buildCommand(
                displayName: "Embedding checklists/ into \(target.name)",
                executable: try context.tool(named: "checklist-embedder").url,
                arguments: [checklists.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
