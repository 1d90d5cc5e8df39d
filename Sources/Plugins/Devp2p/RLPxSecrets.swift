import Primitives

/// The session keys both sides derive from the handshake (wire-facts §1.2): frame cipher key, MAC key,
/// and the running egress/ingress keccak MAC states seeded with the handshake packets.
struct RLPxSecrets {
    let aesSecret: [UInt8]
    let macSecret: [UInt8]
    var egressMAC: Keccak256
    var ingressMAC: Keccak256
    let remoteID: PublicKey

    /// - Parameters: exact wire bytes of both handshake packets (including EIP-8 size prefixes).
    init(initiator: Bool, ephemeralKey: PrivateKey, remoteEphemeral: PublicKey, initiatorNonce: [UInt8],
         recipientNonce: [UInt8], authPacket: [UInt8], ackPacket: [UInt8], remoteID: PublicKey) throws {
        let ephemeralShared = try ephemeralKey.sharedSecretX(with: remoteEphemeral)
        let sharedSecret = Keccak256.hash(ephemeralShared + Keccak256.hash(recipientNonce + initiatorNonce))
        aesSecret = Keccak256.hash(ephemeralShared + sharedSecret)
        macSecret = Keccak256.hash(ephemeralShared + aesSecret)
        var macForRecipientNonce = Keccak256()
        macForRecipientNonce.update(xor(macSecret, recipientNonce))
        var macForInitiatorNonce = Keccak256()
        macForInitiatorNonce.update(xor(macSecret, initiatorNonce))
        if initiator {
            macForRecipientNonce.update(authPacket)
            macForInitiatorNonce.update(ackPacket)
            egressMAC = macForRecipientNonce
            ingressMAC = macForInitiatorNonce
        } else {
            macForInitiatorNonce.update(ackPacket)
            macForRecipientNonce.update(authPacket)
            egressMAC = macForInitiatorNonce
            ingressMAC = macForRecipientNonce
        }
        self.remoteID = remoteID
    }
}

func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
    var out = a
    for index in 0..<min(a.count, b.count) { out[index] ^= b[index] }
    return out
}
