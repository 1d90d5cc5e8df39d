// Uses NoiseFixtures (@testable Libp2pCore): debug builds only, as the rlpx-* targets.
#if DEBUG
@testable import Libp2pCore

extension FuzzTarget {
    /// The libp2p Noise XX handshake and transport (Sources/Plugins/Libp2pCore) with fixed keys. The first
    /// byte (mod 8) picks what the rest is: 0 — message 1 read by the responder (which then writes message
    /// 2); 1 — message 2 read by the initiator; 2 — message 3 read by the responder; 3 — the payload the
    /// responder seals into message 2, read and verified by the initiator (handshake payload protobuf,
    /// identity key, signature over the static key, expected peer id); 4 — the payload the initiator seals
    /// into message 3, read and verified by the responder; 5 — transport frames on the wire
    /// (`BE16 len ‖ ChaChaPoly`) opened by the responder; 6 — plaintext the initiator seals, which the
    /// responder must open back to the same bytes; 7 — a handshake payload and a public-key protobuf decoded
    /// and checked directly.
    public static let noise = FuzzTarget(
        name: "noise",
        summary: "Libp2pNoiseHandshake.read at stages 1–3 (raw or sealed payload), NoiseHandshakePayload verify, NoiseTransport frames",
        run: { input in
            guard let mode = input.first else { return }
            let rest = Array(input.dropFirst())
            let stages = NoiseFixtures.stages
            switch mode % 8 {
            case 0:
                var responder = stages.responderAwaiting1
                if (try? responder.read(rest)) != nil { _ = try? responder.nextMessage() }
            case 1:
                var initiator = stages.initiatorAwaiting2
                if (try? initiator.read(rest)) != nil { _ = try? initiator.nextMessage() }
            case 2:
                var responder = stages.responderAwaiting3
                if (try? responder.read(rest)) != nil { _ = try? responder.transport() }
            case 3:
                var responder = stages.responderAwaiting1, initiator = stages.initiatorAwaiting2
                guard (try? responder.read(stages.message1)) != nil, let message2 = try? responder.noise.writeMessage(payload: rest) else { return }
                if (try? initiator.read(message2)) != nil { _ = (initiator.remotePeer, try? initiator.nextMessage()) }
            case 4:
                var initiator = stages.initiatorAwaiting2, responder = stages.responderAwaiting3
                guard (try? initiator.read(stages.message2)) != nil, let message3 = try? initiator.noise.writeMessage(payload: rest) else { return }
                if (try? responder.read(message3)) != nil { _ = (responder.remotePeer, try? responder.transport()) }
            case 5:
                guard var transport = stages.responderTransport else { return }
                var wire = rest
                while let frame = NoiseFrame.decode(&wire), (try? transport.open(frame)) != nil {}
            case 6:
                guard var sender = stages.initiatorTransport, var receiver = stages.responderTransport,
                      let sealed = try? sender.seal(rest) else { return }
                var wire = sealed, opened: [UInt8] = []
                while let frame = NoiseFrame.decode(&wire) {
                    guard let plain = try? receiver.open(frame) else { preconditionFailure("noise: a sealed frame does not open") }
                    opened += plain
                }
                precondition(opened == rest && wire.isEmpty, "noise: transport seal → open changed the bytes")
            default:
                if let payload = try? NoiseHandshakePayload(decoding: rest) {
                    _ = try? payload.verify(remoteStatic: stages.responderAwaiting3.noise.localStaticPublicKey, expected: nil)
                    _ = try? NoiseHandshakePayload(decoding: payload.bytes)
                }
                if let key = try? Libp2pPublicKey(protobuf: rest) {
                    precondition((try? Libp2pPublicKey(protobuf: key.protobuf)) == key, "noise: public key protobuf does not round-trip")
                    _ = Libp2pPeerID(publicKey: key)
                }
            }
        },
        seeds: {
            let stages = NoiseFixtures.stages
            let payload = (try? NoiseHandshakePayload.signed(by: NoiseFixtures.responderIdentity,
                                                              staticKey: stages.responderAwaiting3.noise.localStaticPublicKey).bytes) ?? []
            let initiatorPayload = (try? NoiseHandshakePayload.signed(by: NoiseFixtures.initiatorIdentity,
                                                                       staticKey: stages.initiatorAwaiting2.noise.localStaticPublicKey).bytes) ?? []
            var frames: [UInt8] = []
            if var sender = stages.initiatorTransport { frames = (try? sender.seal(Array("/multistream/1.0.0\n".utf8))) ?? [] }
            return [
                [0] + stages.message1,
                [1] + stages.message2,
                [2] + stages.message3,
                [3] + payload,
                [4] + initiatorPayload,
                [5] + frames,
                [6] + Array("/yamux/1.0.0\n".utf8),
                [7] + payload,
                [7] + NoiseFixtures.initiatorIdentity.publicKey.protobuf,
                // An Ed25519 PublicKey protobuf (RFC 8032 test 1 key).
                [7, 0x08, 0x01, 0x12, 0x20] + FuzzFixtures.bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
            ]
        })
}
#endif
