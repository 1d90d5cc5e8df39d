// Reaches Libp2p's internal stream negotiation (`StreamNegotiation`, `StreamReader`) through @testable:
// debug builds only, as the rlpx-* targets.
#if DEBUG
import Libp2pCore
@testable import Libp2p

extension FuzzTarget {
    /// multistream-select 1.0 (Sources/Plugins/Libp2pCore, Sources/Plugins/Libp2p). The first byte picks
    /// the mode: bit 0 clear — the rest is a run of `uvarint(len) ‖ msg ‖ "\n"` messages for
    /// `Multistream.decode`, each also read as an `ls` answer (`decodeList`) and re-encoded; bit 0 set — the
    /// rest is what the peer sends on a stream, fed through the transport's `StreamReader` to
    /// `StreamNegotiation.accept` (bit 1 clear: this side listens, with an `ls` list) or `.propose` (bit 1 set:
    /// this side dials `/ipfs/id/1.0.0`); the upper six bits are the chunk size the bytes arrive in (0: one chunk).
    public static let multistream = FuzzTarget(
        name: "multistream",
        summary: "Multistream.decode/decodeList; StreamNegotiation.accept/propose over an in-memory stream",
        run: { input in
            guard let mode = input.first else { return }
            let rest = Array(input.dropFirst())
            if mode & 1 == 0 {
                MultistreamFuzz.messages(rest)
            } else {
                MultistreamFuzz.negotiate(rest, listening: mode & 2 == 0, chunkSize: Int(mode >> 2))
            }
        },
        seeds: {
            let header = Multistream.encode(Multistream.header)
            let supported = MultistreamFuzz.supported
            return [
                [0] + header + Multistream.encode("/noise") + Multistream.encodeList(supported) + Multistream.encode(Multistream.notAvailable),
                [0] + Multistream.encodeList(["/yamux/1.0.0", "/mplex/6.7.0", "/noise"]),
                [1] + header + Multistream.encode("/unknown/1.0.0") + Multistream.encode(Multistream.list) + Multistream.encode(supported[0]),
                [1 | 4 << 2] + header + Multistream.encode("/meshsub/1.1.0"),
                [3] + header + Multistream.encode(MultistreamFuzz.proposal),
                [3 | 1 << 2] + header + Multistream.encode(Multistream.notAvailable),
            ]
        })
}

/// Helpers of the `multistream` target.
enum MultistreamFuzz {
    static let supported = ["/ipfs/id/1.0.0", "/meshsub/1.1.0", "/rendezvous/1.0.0", "/rend/0.1.0"]
    static let proposal = "/ipfs/id/1.0.0"

    static func messages(_ bytes: [UInt8]) {
        var buffer = bytes
        while let message = try? Multistream.decode(&buffer) {
            var again = Multistream.encode(message)
            precondition((try? Multistream.decode(&again)) == message, "multistream: '\(message)' does not survive encode → decode")
            if let list = try? Multistream.decodeList(message) {
                var encodedList = Multistream.encodeList(list)
                if let body = try? Multistream.decode(&encodedList) { _ = try? Multistream.decodeList(body) }
            }
        }
    }

    static func negotiate(_ bytes: [UInt8], listening: Bool, chunkSize: Int) {
        let stream = FuzzMuxedStream(bytes, chunkSize: chunkSize)
        _ = BlockingTask.run {
            var reader = StreamReader(stream)
            if listening {
                _ = try? await StreamNegotiation.accept(supported, on: &reader)
            } else {
                _ = try? await StreamNegotiation.propose(proposal, on: &reader)
            }
            return reader.buffer.count
        }
    }
}
#endif
