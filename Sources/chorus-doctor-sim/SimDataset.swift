import ChorusDoctorKit
import ChorusSimulator

/// What `sim` serves besides the credentials: the structures (with their services) and the deposited flows, so that
/// a person testing a billing software knows which SIRETs, service codes and flow numbers answer.
enum SimDataset {
    static func text(_ dataset: SimulatorDataset, strings: Strings) -> String {
        var lines = [strings("sim.structures")]
        for structure in dataset.structures {
            let state = structure.isActive ? "" : " · " + strings("sim.inactive")
            lines.append("  \(structure.siret)  \(structure.designation) (\(structure.entity.rawValue))\(state)")
            for service in structure.services {
                let flags = [
                    service.isActive ? nil : strings("sim.inactive"),
                    service.requiresEngagementNumber ? strings("sim.needs_ej") : nil,
                ].compactMap { $0 }
                lines.append(
                    "      \(service.codeService)  \(service.libelleService)"
                        + (flags.isEmpty ? "" : " · " + flags.joined(separator: ", ")))
            }
        }
        lines.append(strings("sim.flows"))
        for flow in dataset.flows { lines.append("  \(flow.numeroFluxDepot)  \(flow.state.rawValue)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
