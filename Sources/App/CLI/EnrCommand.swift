import ArgumentParser
import Foundation
import Kernel
import Primitives

/// `parley enr decode|new`: inspect and create EIP-778 node records.
struct EnrCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enr", abstract: "Decode or create Ethereum Node Records (EIP-778).",
        subcommands: [Decode.self, New.self])

    struct Decode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode an enr: record and print its node id, seq, every key/value and whether the signature is valid, as JSON.")

        @Argument(help: "The record, as enr:… text.")
        var record: String

        func run() async throws {
            try await reportingErrors {
                let decoded: NodeRecord
                do {
                    decoded = try NodeRecord(text: record.trimmingCharacters(in: .whitespacesAndNewlines))
                } catch {
                    throw CLIFailure("not a valid ENR: \(error)")
                }
                print(ENRJSON.render(decoded))
                guard decoded.verifySignature() else {
                    throw CLIFailure("the record's signature does not verify against its public key (signatureValid: false)")
                }
            }
        }
    }

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and sign a record with a node key (the node's own with --data-dir, or --key).")

        @Option(help: "Hex private key to sign with.")
        var key: String?

        @Option(help: "Use the node key stored in this data directory (created if missing).")
        var dataDir: String?

        @Option(help: "IPv4 address.") var ip: String?
        @Option(help: "TCP port.") var tcp: UInt16?
        @Option(help: "UDP port.") var udp: UInt16?
        @Option(help: "Sequence number.") var seq: UInt64 = 1

        func run() async throws {
            try await reportingErrors {
                let privateKey: PrivateKey
                if let key {
                    guard let raw = try? Hex.decode(key), let parsed = try? PrivateKey(rawBytes: raw) else {
                        throw CLIFailure("--key must be 64 hex characters of a valid secp256k1 private key", code: 64)
                    }
                    privateKey = parsed
                } else if let dataDir {
                    privateKey = try NodeIdentityStore.loadOrCreate(dataDirectory: (dataDir as NSString).expandingTildeInPath).privateKey
                } else {
                    throw CLIFailure("say which key signs the record: --key HEX or --data-dir DIR", code: 64)
                }
                var ipBytes: [UInt8]?
                if let ip {
                    let parts = ip.split(separator: ".").compactMap { UInt8($0) }
                    guard parts.count == 4, ip.split(separator: ".").count == 4 else {
                        throw CLIFailure("--ip must be a dotted IPv4 address like 127.0.0.1", code: 64)
                    }
                    ipBytes = parts
                }
                let record = try NodeRecord.build(seq: seq, ip: ipBytes, tcp: tcp, udp: udp, signingWith: privateKey)
                print(record.text)
            }
        }
    }
}

/// Renders a record as JSON for `parley enr decode`.
enum ENRJSON {
    static func render(_ record: NodeRecord) -> String {
        var pairs: [String: Any] = [:]
        for (key, value) in record.pairs { pairs[key] = describe(key: key, value: value) }
        let object: [String: Any] = [
            "nodeId": record.nodeID.map { Hex.encode($0) } ?? NSNull(),
            "seq": record.seq,
            "pairs": pairs,
            "signature": Hex.encode(record.signature),
            "signatureValid": record.verifySignature(),
            "enode": enode(record) ?? NSNull(),
            "size": record.rlpBytes.count,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func describe(key: String, value: RLPItem) -> Any {
        switch (key, value) {
        case ("id", .bytes(let bytes)): return String(decoding: bytes, as: UTF8.self)
        case ("ip", .bytes(let bytes)) where bytes.count == 4: return bytes.map(String.init).joined(separator: ".")
        case ("tcp", _), ("udp", _), ("tcp6", _), ("udp6", _):
            if let number = try? value.asUInt64() { return number }
            return hexTree(value)
        default: return hexTree(value)
        }
    }

    static func hexTree(_ item: RLPItem) -> Any {
        switch item {
        case .bytes(let bytes): return "0x" + Hex.encode(bytes)
        case .list(let items): return items.map(hexTree)
        }
    }

    static func enode(_ record: NodeRecord) -> String? {
        guard let key = record.publicKey, let ip = record.ip, ip.count == 4, let tcp = record.tcp else { return nil }
        return "enode://\(Hex.encode(key.raw64))@\(ip.map(String.init).joined(separator: ".")):\(tcp)"
    }
}
