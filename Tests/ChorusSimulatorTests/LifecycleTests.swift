import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusSimulator

@Suite("Starting, stopping, holding")
struct LifecycleTests {
    @Test("stop frees the port: a new simulator starts on it")
    func restartOnSamePort() async throws {
        let first = try await Simulator.start(scenario: .healthy)
        let port = first.port
        #expect(port > 0)
        #expect(first.baseURL.absoluteString == "http://127.0.0.1:\(port)")
        #expect(first.tokenURL.absoluteString == "http://127.0.0.1:\(port)/api/oauth/token")
        #expect(try await WireClient.send("GET", port: port, path: "/").status == 404)
        await first.stop()
        await #expect(throws: WireError.self) { try await WireClient.send("GET", port: port, path: "/") }

        let second = try await Simulator.start(scenario: .maintenance, port: port)
        #expect(second.port == port)
        let client = DemoClient(second)
        #expect(try await client.requestToken().status == 200)
        await second.stop()
    }

    @Test("a taken port makes start throw a clear error")
    func takenPort() async throws {
        try await withSimulator(.healthy) { running in
            do {
                let intruder = try await Simulator.start(scenario: .healthy, port: running.port)
                await intruder.stop()
                Issue.record("a second simulator started on a taken port")
            } catch let error as SimulatorStartError {
                #expect(error.port == running.port)
                #expect(error.description.contains("127.0.0.1:\(running.port)"))
                #expect(error.description.lowercased().contains("in use"))
            }
        }
    }

    @Test("a held token request blocks nothing else, and is let go when its client leaves")
    func heldRequestIsReleased() async throws {
        try await DemoClient.with(.tokenTimeout) { client in
            // The client gives up after 15 s: long enough for its request to be seen held on a loaded machine.
            async let abandoned: Void = {
                _ = try? await client.requestToken(timeout: 15)
            }()
            _ = await Poll.until(every: .milliseconds(10), limit: .seconds(15)) {
                client.simulator.platform.connections.heldCount > 0
            }
            #expect(client.simulator.platform.connections.heldCount == 1)
            let other = try await client.call("/cpro/transverses/v1/health-check", body: nil, token: "x", method: "GET")
            #expect(other.status == 401)
            await abandoned
            _ = await Poll.until(every: .milliseconds(50), limit: .seconds(20)) {
                client.simulator.platform.connections.heldCount == 0
            }
            #expect(client.simulator.platform.connections.heldCount == 0)
        }
    }

    /// The held request would last ten minutes: the test ending at all proves it is let go (its time limit fails it
    /// otherwise). Three minutes, not one: with every suite running at once on two cores, the two simulators'
    /// start-up alone took longer than a minute; three is still far below the ten the request would hold.
    @Test("stop returns promptly with a request held and a huge body streaming", .timeLimit(.minutes(3)))
    func stopWhileBusy() async throws {
        for scenario in [Scenario.apiTimeout, .hugeAnswer] {
            // The stop is what is tested here: it returns while a request is held or a body streams.
            let client = DemoClient(try await Simulator.start(scenario: scenario))
            let token = try await client.token()
            let pending = Task {
                try? await client.call(
                    "/cpro/transverses/v1/health-check", body: nil, token: token, withAccount: false, method: "GET",
                    timeout: 600, keepBytes: 1024
                )
            }
            try await Task.sleep(for: .milliseconds(150))
            await client.simulator.stop()
            _ = await pending.value
        }
    }

    @Test("sim mode: demo adjustments can be left out")
    func demoAdjustments() async throws {
        try await withSimulator(.tokenURLWrong) { simulator in
            let adjusted = simulator.demoCredentials()
            let plain = simulator.demoCredentials(applyingDemoAdjustment: false)
            #expect(adjusted.tokenURL.path == "/oauth/token")
            #expect(plain.tokenURL == simulator.tokenURL)
            #expect(Scenario.apiBaseWrong.demoAdjustment == .apiBasePrefix("/piste"))
            #expect(Scenario.siretUnknown.demoAdjustment == .siret(SimulatorDataset.unknownSiret))
            #expect(Scenario.allCases.filter { $0.demoAdjustment != nil }.count == 3)
        }
    }
}
