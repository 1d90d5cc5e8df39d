import ArgumentParser
import Discv5
import Foundation
import Kernel
import Primitives

/// `parley discv5 ping|resolve|crawl`: talk Discovery v5.1 to other nodes from a throwaway key, like
/// geth's `devp2p discv5`. Output is JSON lines.
struct Discv5Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discv5", abstract: "Discovery v5.1 tools: ping a node, resolve its latest record, crawl a network.",
        subcommands: [Ping.self, Resolve.self, Crawl.self])

    struct Options: ParsableArguments {
        @Option(help: "Protocol id: discv5 (Ethereum) or d5waku (Waku v2).") var protocolID = "discv5"
        @Option(help: "Seconds to wait for each answer.") var timeout = 2.0
    }

    struct Ping: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "PING a node; print its seq and the address it sees us at.")
        @Argument(help: "The node's enr: record.") var record: String
        @OptionGroup var options: Options

        func run() async throws {
            try await reportingErrors {
                let target = try parseRecord(record)
                let service = try await makeService(options)
                let started = ContinuousClock.now
                let pong = try await service.ping(target)
                let elapsed = ContinuousClock.now - started
                printLine(["nodeId": Hex.encode(target.nodeID ?? []), "enrSeq": pong.enrSeq,
                           "seenAs": "\(pong.ip.map(String.init).joined(separator: ".")):\(pong.port)",
                           "rttMs": Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000])
                await service.stop()
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ask a node for its current record (FINDNODE distance 0).")
        @Argument(help: "The node's enr: record.") var record: String
        @OptionGroup var options: Options

        func run() async throws {
            try await reportingErrors {
                let target = try parseRecord(record)
                let service = try await makeService(options)
                let found = try await service.findNode(target, distances: [0])
                guard let latest = found.max(by: { $0.seq < $1.seq }) else { throw CLIFailure("the node returned no record") }
                printLine(recordJSON(latest.seq >= target.seq ? latest : target))
                await service.stop()
            }
        }
    }

    struct Crawl: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Random-walk the network from bootnodes; print each record found once.")
        @Option(parsing: .upToNextOption, help: "Bootnode enr: records.") var bootnodes: [String]
        @Option(help: "How long to crawl.") var seconds = 30.0
        @OptionGroup var options: Options

        func run() async throws {
            try await reportingErrors {
                let boot = try bootnodes.map(parseRecord)
                let service = try await makeService(options)
                await service.addBootnodes(boot)
                var seen: Set<[UInt8]> = []
                let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
                var first = true
                while ContinuousClock.now < deadline {
                    let found = first ? await service.lookup(service.localID) : await service.randomLookup()
                    first = false
                    for record in found + (await service.knownRecords) {
                        guard let id = record.nodeID, seen.insert(id).inserted else { continue }
                        printLine(recordJSON(record))
                    }
                }
                await service.stop()
            }
        }
    }
}

private func parseRecord(_ text: String) throws -> NodeRecord {
    do { return try NodeRecord(text: text.trimmingCharacters(in: .whitespacesAndNewlines), requireValidSignature: true) } catch {
        throw CLIFailure("not a valid signed enr: record: \(error)")
    }
}

private func makeService(_ options: Discv5Command.Options) async throws -> Discv5Service {
    var config = Discv5ServiceConfig()
    config.protocolID = try Discv5ProtocolID(options.protocolID)
    config.requestTimeout = .milliseconds(Int64(options.timeout * 1000))
    return try await Discv5Service.bind(key: PrivateKey.generate(), host: "0.0.0.0", port: 0, announceIP: "127.0.0.1",
                                        clock: SystemClock(), config: config)
}

private func recordJSON(_ record: NodeRecord) -> [String: Any] {
    var object: [String: Any] = ["nodeId": Hex.encode(record.nodeID ?? []), "seq": record.seq, "enr": record.text]
    if let ip = record.ipString { object["ip"] = ip }
    if let udp = record.udp { object["udp"] = udp }
    if let tcp = record.tcp { object["tcp"] = tcp }
    if let waku = WakuRecordEntry(record: record) { object["waku"] = ["role": waku.role, "capabilities": waku.capabilities] }
    return object
}

private func printLine(_ object: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
    print(String(decoding: data, as: UTF8.self))
}
