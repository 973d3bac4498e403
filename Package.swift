// swift-tools-version:6.0
import PackageDescription

/// Every target of this package: `any` spelled out, and a member used only where its module is imported.
/// CI sets `CHORUS_WARNINGS_AS_ERRORS=1` (`.ci/run`): a warning in this package's code then fails the build.
/// Dependencies keep their own settings.
let strict: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ] + (Context.environment["CHORUS_WARNINGS_AS_ERRORS"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : [])

let package = Package(
    name: "chorus-doctor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chorus-doctor", targets: ["chorus-doctor"]),
        .executable(name: "chorus-doctor-sim", targets: ["chorus-doctor-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // What the simulator imports besides Hummingbird (they come with it; declared because they are used).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: - C libraries
        /// libcurl and libedit are opened at first use (dlopen), never linked, so a command that uses neither does
        /// not load them at start-up; their headers (libcurl4-openssl-dev, libedit-dev) give the types at compile
        /// time. No `pkgConfig:` here: SwiftPM would add the `.pc` file's `-lcurl` / `-ledit` to the link.
        .target(name: "CDynamicLibrary", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "CCurl", dependencies: ["CDynamicLibrary"]),
        .target(name: "CEditLine", dependencies: ["CDynamicLibrary"]),
        /// libxml2's pull reader, for reading invoices: opened the same way, and declared in C without its headers.
        .target(name: "CXML", dependencies: ["CDynamicLibrary"]),
        /// A file's mode (`stat`/`lstat`) read in C: see the header for why.
        .systemLibrary(name: "CFileStatus"),
        /// zlib, for the gzip of `bundle --format tar.gz` (ZIPFoundation brings its own for ZIP).
        .systemLibrary(name: "CGzip", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),

        // MARK: - Pipeline stages
        /// HTTP over libcurl, behind the `HTTPTransport` seam.
        .target(name: "ChorusTransport", dependencies: ["CCurl"], swiftSettings: strict),
        /// What the front end knows of the simulator without its server: scenario and variant names, demo values.
        .target(name: "ChorusSimulatorCatalogue", swiftSettings: strict),
        /// The local PISTE / Chorus Pro simulator (real HTTP server on loopback).
        .target(
            name: "ChorusSimulator",
            dependencies: [
                "CGzip", "ChorusSimulatorCatalogue",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
        /// Profiles, probes, diagnosis, rendering, wizard, report: the product's core.
        .target(
            name: "ChorusDoctorKit",
            dependencies: [
                "ChorusTransport", "CEditLine", "CFileStatus", "CGzip", "CXML", "ChecklistTranslations",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict,
            plugins: ["EmbedChecklists"]
        ),
        /// A profile from the simulator's demo values, and the line `chorus-doctor-sim` hands `demo` them on: shared by
        /// `demo`, `sim --save-profile` and the tests.
        .target(
            name: "ChorusDemo", dependencies: ["ChorusDoctorKit", "ChorusSimulatorCatalogue"], swiftSettings: strict),
        /// The command-line front end: every command, their options and help. The simulator's server is not in it.
        .target(
            name: "ChorusCommandLine",
            dependencies: [
                "ChorusDoctorKit", "ChorusTransport", "ChorusDemo", "ChorusSimulatorCatalogue",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        /// The tool: `main` and nothing else, so that no command's start-up loads the simulator's server stack.
        .executableTarget(name: "chorus-doctor", dependencies: ["ChorusCommandLine"], swiftSettings: strict),
        /// The simulator as a program of its own, which `chorus-doctor sim` becomes and `chorus-doctor demo` starts.
        .executableTarget(
            name: "chorus-doctor-sim",
            dependencies: [
                "ChorusCommandLine", "ChorusDoctorKit", "ChorusSimulator", "ChorusDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // MARK: - Build-time embedding of checklists/ (the binary stays self-contained)
        /// Whether the languages' string tables agree: checked by the build and by a run given an override.
        .target(name: "ChecklistTranslations", swiftSettings: strict),
        .executableTarget(
            name: "checklist-embedder",
            dependencies: ["ChecklistTranslations", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .plugin(name: "EmbedChecklists", capability: .buildTool(), dependencies: ["checklist-embedder"]),

        // MARK: - Tests
        /// What every test target shares (used by test targets only): the off-pool runner, the program runner,
        /// polling, golden files, virtual time, the scripted transport.
        .target(
            name: "ChorusTestSupport", dependencies: ["ChorusDoctorKit", "ChorusSimulator", "ChorusTransport"],
            path: "Tests/ChorusTestSupport", swiftSettings: strict
        ),
        .testTarget(
            name: "ChorusTransportTests", dependencies: ["ChorusTransport", "ChorusTestSupport"], swiftSettings: strict
        ),
        .testTarget(
            name: "ChorusSimulatorTests", dependencies: ["ChorusSimulator", "ChorusTransport", "ChorusTestSupport"],
            swiftSettings: strict
        ),
        // Golden files, fixtures and bundles are read from the source tree (`#filePath`), never bundled.
        .testTarget(
            name: "ChorusDoctorKitTests",
            dependencies: ["ChorusDoctorKit", "ChorusTransport", "ChorusSimulator", "ChorusDemo", "ChorusTestSupport"],
            exclude: ["Evidence/Bundles", "Evidence/Fixtures", "Report/Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ChorusDoctorKit", "ChorusSimulator", "ChorusTransport", "ChorusDemo", "ChorusTestSupport",
                "ChorusCommandLine", "chorus-doctor", "chorus-doctor-sim",
            ],
            exclude: ["Golden", "Support/chorus_api_conformance.py"],
            swiftSettings: strict
        ),
    ]
)
