import ArgumentParser
import ChorusDoctorKit

struct LookupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup", abstract: HelpText["help.lookup.abstract"],
        discussion: HelpText.discussion("help.lookup.discussion"))

    @OptionGroup var common: CommonOptions
    @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"])) var profile = ProfileChoice
        .initial
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.siret"], valueName: "siret")) var siret: String?
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.identifier"], valueName: "id")) var identifier:
        String?
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.identifier_type"], valueName: "type"))
    var type: String?
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.entity"], valueName: "entity")) var entity: String?
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.dataset"], valueName: "name")) var dataset: String?
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.service"], valueName: "code")) var service: String?
    @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.json"])) var json = false
    @Flag(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.verbose"])) var verbose = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.timeout"])) var timeout: Int = 15
    @Option(name: .customLong("ca-bundle"), help: ArgumentHelp(HelpText["help.option.ca_bundle"])) var caBundle: String?

    func validate() throws {
        let given = [siret != nil, identifier != nil, entity != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError(HelpText["lookup.usage"]) }
        if siret != nil, let type, type.uppercased() != "SIRET" { throw ValidationError(HelpText["lookup.usage"]) }
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout: 1…600") }
    }

    func run() async throws {
        let ctx = try common.context()
        let options = LookupFlow.Options(
            profile: profile, identifier: siret ?? identifier, identifierType: type ?? "SIRET", service: service,
            entity: entity, dataset: dataset, json: json, verbose: verbose, timeout: .seconds(timeout),
            caBundle: caBundle)
        let status = await LookupFlow.execute(ctx, options: options)
        if status != .ok { throw status.exitCode }
    }
}
