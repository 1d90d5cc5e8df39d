// swift-tools-version:6.0
// Parley — a Swift implementation of the Status messenger protocol stack as one plugin-oriented node.
import PackageDescription

/// System libraries from Debian's `-dev` packages (module map + pkg-config).
func systemLibrary(_ name: String, pkgConfig: String, apt: [String]) -> Target {
    .systemLibrary(name: name, path: "Sources/Kernel/\(name)", pkgConfig: pkgConfig, providers: [.apt(apt)])
}

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// The targets under Sources/Plugins that are *libraries* (no node code: plugins may import them).
/// Every other target under Sources/Plugins is a *plugin*, and no plugin may depend on or import another
/// plugin — a seam two plugins share is a protocol in a library or the kernel. Checked by
/// Tests/KernelTests/ModuleGraphTests.swift, which reads this list; keep it on one line.
let pluginLibraries: Set<String> = ["Accounts", "WakuCore", "SecureChannel", "DataSync", "ChatPayloads", "Libp2pCore"]

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "parley", targets: ["ParleyCLI"]),
        .executable(name: "parley-bench", targets: ["ParleyBench"]),
        .executable(name: "parley-fuzz", targets: ["ParleyFuzz"]),
        .library(name: "Primitives", targets: ["Primitives"]),
        .library(name: "Kernel", targets: ["Kernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        // The `api` plugin (issue #17): HTTP server, Prometheus exposition, swift-metrics front end.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
    ],
    targets: [
        systemLibrary("CSecp256k1", pkgConfig: "libsecp256k1", apt: ["libsecp256k1-dev"]),
        systemLibrary("CSodium", pkgConfig: "libsodium", apt: ["libsodium-dev"]),
        systemLibrary("CSnappy", pkgConfig: "snappy", apt: ["libsnappy-dev"]),
        systemLibrary("CParleySQLite", pkgConfig: "sqlite3", apt: ["libsqlite3-dev"]),
        systemLibrary("CParleyYAML", pkgConfig: "yaml-0.1", apt: ["libyaml-dev"]),
        systemLibrary("CQREncode", pkgConfig: "libqrencode", apt: ["libqrencode-dev"]),
        systemLibrary("CPNG", pkgConfig: "libpng", apt: ["libpng-dev"]),

        // Layer 0: hashes, RLP, secp256k1, ECIES, KDFs, encodings, ENR, snappy. No node code.
        .target(
            name: "Primitives",
            dependencies: [
                "CSecp256k1", "CSodium", "CSnappy",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            path: "Sources/Kernel/Primitives",
            swiftSettings: swiftSettings
        ),
        // The kernel: plugin model, registry, profiles, lifecycle, event bus, identity, network seams.
        .target(
            name: "Kernel",
            dependencies: [
                "Primitives", "CParleyYAML",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Kernel/Core",
            swiftSettings: swiftSettings
        ),
        // SQLite on the system libsqlite3: WAL, migrations, prepared statements, typed errors. No node code.
        .target(name: "Storage", dependencies: ["CParleySQLite"], path: "Sources/Kernel/Storage", swiftSettings: swiftSettings),
        // The local control plane: a Unix-domain socket speaking line-delimited JSON.
        .target(
            name: "NodeControl",
            dependencies: [
                "Kernel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Kernel/Control",
            swiftSettings: swiftSettings
        ),

        // Plugins: each imports Kernel and libraries (`pluginLibraries`), never another plugin.
        .target(name: "MemoryTransport", dependencies: ["Kernel"], path: "Sources/Plugins/Memory", swiftSettings: swiftSettings),
        .target(name: "StaticPeers", dependencies: ["Kernel"], path: "Sources/Plugins/StaticPeers", swiftSettings: swiftSettings),
        .target(
            name: "Devp2p",
            dependencies: [
                "Kernel", "Primitives",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Plugins/Devp2p",
            swiftSettings: swiftSettings
        ),

        // libp2p wire formats (no node code, wire-facts §1.10): keys and peer ids, multiaddr, multistream-select,
        // Noise XX, yamux, mplex. A library so the `libp2p` transport and later gossipsub/rendezvous plugins share it.
        .target(
            name: "Libp2pCore",
            dependencies: ["Primitives", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Plugins/Libp2pCore",
            swiftSettings: swiftSettings
        ),

        // The `libp2p` transport plugin: TCP + multistream-select + Noise + yamux, identify, ping (issue #11).
        .target(
            name: "Libp2p",
            dependencies: [
                "Kernel", "Libp2pCore", "Primitives",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Plugins/Libp2p",
            swiftSettings: swiftSettings
        ),

        // Accounts and identity: BIP-39/32, EIP-1581 Status keys, three-word names, identicons, keystore.
        // Imports Primitives and C libraries only, never node code.
        .target(
            name: "Accounts",
            dependencies: ["Primitives", "CSodium", "CQREncode", "CPNG"],
            path: "Sources/Plugins/Accounts",
            swiftSettings: swiftSettings
        ),

        // Waku v1 core (not a plugin): envelopes, PoW, data field, encryption, topics, bloom, Waku seams
        // (including the peer seam the `waku` plugin implements). Imports Primitives, crypto libraries and
        // the Kernel's seam types, never a plugin (wire-facts §2).
        .target(
            name: "WakuCore",
            dependencies: ["Kernel", "Primitives", "CSodium", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Plugins/WakuCore",
            swiftSettings: swiftSettings
        ),

        // The waku/1 subprotocol (plugin `waku`): Status handshake, envelopes, confirmations, WakuPeers.
        .target(
            name: "WakuProtocol",
            dependencies: ["Kernel", "WakuCore", "Primitives"],
            path: "Sources/Plugins/WakuProtocol",
            swiftSettings: swiftSettings
        ),

        // The `store` plugin: SQLite archive of relayed envelopes, mailserver requests (126 → 127/125), and
        // the history client with cursor paging and failover. Built on WakuCore's peer seam, which the
        // `waku` plugin implements.
        .target(
            name: "WakuStore",
            dependencies: ["Kernel", "WakuCore", "Storage", "Primitives"],
            path: "Sources/Plugins/Store",
            swiftSettings: swiftSettings
        ),
        // The `bootstrap` plugin (entry point: hands out the peers it knows over `pex/1`) and the
        // `bootstrap-peers` discovery source that asks it.
        .target(name: "Bootstrap", dependencies: ["Kernel", "Primitives"], path: "Sources/Plugins/Bootstrap", swiftSettings: swiftSettings),

        // The `discv5` plugin: Discovery v5.1 (discv5-wire.md) over UDP — wire codec, sessions, Kademlia table,
        // lookups, a budgeted discovery source, and a persistent node database.
        .target(
            name: "Discv5",
            dependencies: [
                "Kernel", "Primitives", "Storage", "Libp2pCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Plugins/Discv5",
            swiftSettings: swiftSettings
        ),

        // The `rendezvous` plugin: Status /rend/0.1.0 (wire-facts §1.9) client, rendezvous point and budgeted
        // discovery source, and libp2p /rendezvous/1.0.0 (client + point), carried on the `libp2p` transport's streams (issue #14).
        .target(name: "Rendezvous", dependencies: ["Kernel", "Primitives", "Libp2pCore"], path: "Sources/Plugins/Rendezvous", swiftSettings: swiftSettings),

        // Secure transport (no node code, wire-facts §3): bundles, X3DH, the Double Ratchet as status-go configures it.
        .target(
            name: "SecureChannel",
            dependencies: [
                "Primitives", "Storage",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            path: "Sources/Plugins/SecureChannel",
            swiftSettings: swiftSettings
        ),
        // Data sync (no node code, wire-facts §4): MVDS payloads, ids, batch/interactive modes, epochs, retransmission, SQLite state.
        .target(
            name: "DataSync",
            dependencies: ["Primitives", "Storage", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Sources/Plugins/DataSync",
            swiftSettings: swiftSettings
        ),
        // Chat payloads (no node code, wire-facts §5): protobufs, wrapping, ids, validation, Lamport clocks, groups.
        .target(
            name: "ChatPayloads",
            dependencies: ["Primitives", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Sources/Plugins/ChatPayloads",
            swiftSettings: swiftSettings
        ),

        // The `messenger` plugin: 1:1, public and group chats over the Waku seams (send / receive / history),
        // with X3DH + Double Ratchet, MVDS and the encrypted chat database.
        .target(
            name: "Messenger",
            dependencies: [
                "Kernel", "WakuCore", "SecureChannel", "DataSync", "ChatPayloads", "Accounts", "Storage", "Primitives", "CSodium",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/Plugins/Messenger",
            swiftSettings: swiftSettings
        ),

        // The `api` plugin (issue #17): JSON-RPC 2.0 over HTTP on loopback (status-go method names) and
        // `/metrics` in Prometheus format from the plugins' `MetricsSource`s and the network status.
        .target(
            name: "NodeAPI",
            dependencies: [
                "Kernel", "Primitives",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Sources/Plugins/Api",
            swiftSettings: swiftSettings
        ),

        // Composition roots (Sources/App): the only targets that import plugins.
        // The one plugin catalog: every plugin this binary knows, by the names profiles use.
        .target(
            name: "PluginCatalog",
            dependencies: ["Kernel", "MemoryTransport", "StaticPeers", "Devp2p", "Bootstrap", "WakuProtocol", "WakuStore", "Messenger",
                           "Discv5", "Libp2p", "NodeAPI", "Rendezvous"],
            path: "Sources/App/PluginCatalog",
            swiftSettings: swiftSettings
        ),
        // Test and simulation helpers: manual clock, event expectations, in-process node harness.
        .target(
            name: "TestKit",
            dependencies: ["Kernel", "MemoryTransport"],
            path: "Sources/App/TestKit",
            swiftSettings: swiftSettings
        ),
        // An embedded local network built from the shipped profiles (the demo and end-to-end tests).
        .target(
            name: "LocalNetwork",
            dependencies: ["Kernel", "PluginCatalog", "WakuCore", "WakuProtocol", "WakuStore", "Messenger", "Accounts",
                           .product(name: "Logging", package: "swift-log")],
            path: "Sources/App/LocalNetwork",
            swiftSettings: swiftSettings
        ),
        // `parley sim`: a whole network in one process on the memory transport and virtual time (issue #15).
        .target(
            name: "Simulator",
            dependencies: ["Kernel", "Primitives", "PluginCatalog", "MemoryTransport", "TestKit", "WakuCore", "WakuProtocol",
                           .product(name: "Logging", package: "swift-log")],
            path: "Sources/App/Simulator",
            swiftSettings: swiftSettings
        ),
        // The `parley` command.
        .executableTarget(
            name: "ParleyCLI",
            dependencies: [
                "Kernel", "NodeControl", "PluginCatalog", "Accounts", "WakuProtocol", "WakuCore", "WakuStore", "Messenger", "SecureChannel", "DataSync", "ChatPayloads", "LocalNetwork",
                "Discv5", "Libp2p", "Libp2pCore", "Simulator", "Rendezvous",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/App/CLI",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ParleyBench",
            dependencies: ["Primitives", "Kernel", "PluginCatalog", "MemoryTransport", "StaticPeers", "Devp2p", "Accounts", "WakuCore", "WakuProtocol", "WakuStore", "Storage", "TestKit",
                           "SecureChannel", "DataSync", "ChatPayloads", "Messenger", "LocalNetwork", "Discv5", "Libp2p", "Libp2pCore",
                           "Rendezvous",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/App/Bench",
            swiftSettings: swiftSettings
        ),

        // Fuzz targets: one per decoder, shared by `parley-fuzz` and the regression tests. `@testable` reaches
        // Devp2p's internal handshake and frame codec, so these build in the debug configuration (as fuzzing does).
        .target(
            name: "FuzzTargets",
            dependencies: ["Primitives", "Kernel", "PluginCatalog", "Devp2p", "WakuCore", "WakuProtocol", "WakuStore", "Bootstrap",
                           "SecureChannel", "DataSync", "ChatPayloads", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           // wave-2 decoders (issue 19 item 6): discv5, libp2p (multistream, Noise, yamux/mplex, identify, gossipsub), rendezvous
                           "Discv5", "Libp2pCore", "Libp2p", "Rendezvous", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/App/Fuzz/Targets",
            swiftSettings: swiftSettings
        ),
        // `parley-fuzz TARGET`: libFuzzer driver (scripts/fuzz.sh builds it with ASan + coverage) and `--replay`.
        .executableTarget(name: "ParleyFuzz", dependencies: ["FuzzTargets"], path: "Sources/App/Fuzz/Driver", swiftSettings: swiftSettings),

        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives"], swiftSettings: swiftSettings),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "TestKit", "MemoryTransport", "StaticPeers"], swiftSettings: swiftSettings),
        .testTarget(name: "PluginTests", dependencies: ["Kernel", "TestKit", "MemoryTransport", "StaticPeers"], swiftSettings: swiftSettings),
        .testTarget(name: "Devp2pTests", dependencies: ["Devp2p", "Kernel", "Primitives", "TestKit", "StaticPeers"], swiftSettings: swiftSettings),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts", "Primitives"], swiftSettings: swiftSettings),
        .testTarget(name: "WakuCoreTests", dependencies: ["WakuCore", "Primitives"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WakuProtocolTests",
            dependencies: ["WakuProtocol", "WakuCore", "Primitives", "Kernel", "TestKit", "MemoryTransport", "StaticPeers", "Devp2p"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WakuStoreTests",
            dependencies: ["WakuStore", "WakuProtocol", "WakuCore", "Storage", "Primitives", "Kernel", "TestKit", "MemoryTransport",
                           "StaticPeers", "Devp2p", "Bootstrap"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SecureChannelTests", dependencies: ["SecureChannel", "Primitives", "Storage"], swiftSettings: swiftSettings),
        .testTarget(name: "DataSyncTests", dependencies: ["DataSync", "Primitives", "Storage"], swiftSettings: swiftSettings),
        .testTarget(name: "ChatPayloadsTests", dependencies: ["ChatPayloads", "Primitives"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MessengerTests",
            dependencies: ["Messenger", "LocalNetwork", "ChatPayloads", "SecureChannel", "DataSync", "WakuCore", "WakuProtocol", "WakuStore", "Kernel",
                           "TestKit", "MemoryTransport", "StaticPeers", "Devp2p", "Bootstrap", "Accounts", "Primitives"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets"], swiftSettings: swiftSettings),
        .testTarget(name: "CLITests", dependencies: ["Kernel", "NodeControl",
                                                     .product(name: "WSClient", package: "swift-websocket"),
                                                     .product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),
        .testTarget(name: "Discv5Tests", dependencies: ["Discv5", "Kernel", "Primitives", "Storage", "TestKit", "StaticPeers", "MemoryTransport", "Libp2pCore", "Libp2p",
                                                        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")], swiftSettings: swiftSettings),
        .testTarget(name: "Libp2pTests", dependencies: ["Libp2pCore", "Libp2p", "Kernel", "TestKit", "StaticPeers", "Primitives",
                                                   "Devp2p", "Bootstrap", "WakuCore", "WakuProtocol", "WakuStore",
                                                   .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOCore", package: "swift-nio"),
                                                   .product(name: "NIOPosix", package: "swift-nio")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "RendezvousTests", dependencies: ["Rendezvous", "Libp2p", "Libp2pCore", "Kernel", "Primitives", "TestKit",
                                                       "StaticPeers", "Bootstrap", "WakuCore", "WakuProtocol", "WakuStore", "Discv5"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "Kernel", "PluginCatalog"], swiftSettings: swiftSettings),
    ]
)

