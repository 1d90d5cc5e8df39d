import Primitives

/// The initiator side of the RLPx handshake: builds the auth packet, then turns the ack into secrets.
struct RLPxInitiator {
    let staticKey: PrivateKey
    let remote: PublicKey
    let ephemeralKey: PrivateKey
    let nonce: [UInt8]
    let format: RLPxHandshakeFormat
    private(set) var authPacket: [UInt8] = []

    init(staticKey: PrivateKey, remote: PublicKey, format: RLPxHandshakeFormat = .eip8,
         ephemeralKey: PrivateKey = .generate(), nonce: [UInt8] = SecureRandom.bytes(32)) {
        self.staticKey = staticKey
        self.remote = remote
        self.ephemeralKey = ephemeralKey
        self.nonce = nonce
        self.format = format
    }

    mutating func makeAuth() throws -> [UInt8] {
        let staticShared = try staticKey.sharedSecretX(with: remote)
        let signature = try ephemeralKey.signRecoverable(digest: xor(staticShared, nonce)).bytes
        let message = AuthMessage(signature: signature, initiatorPublicKey: staticKey.publicKey.raw64, nonce: nonce, version: 4)
        switch format {
        case .eip8:
            authPacket = try RLPxPacket.sealEIP8(message.eip8Body(padding: RLPxPacket.padding()), to: remote)
        case .legacy:
            let body = message.legacyBody(ephemeralPublicKeyHash: Keccak256.hash(ephemeralKey.publicKey.raw64))
            authPacket = try RLPxPacket.sealLegacy(body, to: remote)
        }
        return authPacket
    }

    /// Reads the recipient's ack (either format) and derives the session secrets.
    func secrets(fromAck packet: [UInt8], format ackFormat: RLPxHandshakeFormat, legacyBody: [UInt8]?) throws -> RLPxSecrets {
        let ack: AckMessage
        switch ackFormat {
        case .legacy:
            ack = try AckMessage.decodeLegacy(legacyBody ?? [])
        case .eip8:
            ack = try AckMessage.decodeEIP8(try RLPxPacket.openEIP8(packet, key: staticKey))
        }
        guard let remoteEphemeral = try? PublicKey(bytes: ack.ephemeralPublicKey) else {
            throw RLPxHandshakeError.malformedBody("ack carries an invalid ephemeral key")
        }
        return try RLPxSecrets(initiator: true, ephemeralKey: ephemeralKey, remoteEphemeral: remoteEphemeral,
                               initiatorNonce: nonce, recipientNonce: ack.nonce, authPacket: authPacket,
                               ackPacket: packet, remoteID: remote)
    }
}

/// The recipient side: reads the auth packet, learns who dialled, answers with an ack in kind.
struct RLPxRecipient {
    let staticKey: PrivateKey
    let ephemeralKey: PrivateKey
    let nonce: [UInt8]

    init(staticKey: PrivateKey, ephemeralKey: PrivateKey = .generate(), nonce: [UInt8] = SecureRandom.bytes(32)) {
        self.staticKey = staticKey
        self.ephemeralKey = ephemeralKey
        self.nonce = nonce
    }

    struct ReceivedAuth {
        let message: AuthMessage
        let initiator: PublicKey
        let remoteEphemeral: PublicKey
        let format: RLPxHandshakeFormat
        let packet: [UInt8]
    }

    func readAuth(packet: [UInt8], format: RLPxHandshakeFormat, legacyBody: [UInt8]?) throws -> ReceivedAuth {
        let message: AuthMessage
        switch format {
        case .legacy: message = try AuthMessage.decodeLegacy(legacyBody ?? [])
        case .eip8: message = try AuthMessage.decodeEIP8(try RLPxPacket.openEIP8(packet, key: staticKey))
        }
        guard let initiator = try? PublicKey(bytes: message.initiatorPublicKey) else {
            throw RLPxHandshakeError.malformedBody("auth carries an invalid initiator key")
        }
        let staticShared = try staticKey.sharedSecretX(with: initiator)
        guard let signature = try? RecoverableSignature(bytes65: message.signature),
              let remoteEphemeral = try? signature.recoverPublicKey(digest: xor(staticShared, message.nonce)) else {
            throw RLPxHandshakeError.badSignature
        }
        if format == .legacy, let body = legacyBody,
           Array(body[65..<97]) != Keccak256.hash(remoteEphemeral.raw64) {
            throw RLPxHandshakeError.badSignature
        }
        return ReceivedAuth(message: message, initiator: initiator, remoteEphemeral: remoteEphemeral, format: format, packet: packet)
    }

    func makeAck(for auth: ReceivedAuth) throws -> [UInt8] {
        let message = AckMessage(ephemeralPublicKey: ephemeralKey.publicKey.raw64, nonce: nonce, version: 4)
        switch auth.format {
        case .eip8: return try RLPxPacket.sealEIP8(message.eip8Body(padding: RLPxPacket.padding()), to: auth.initiator)
        case .legacy: return try RLPxPacket.sealLegacy(message.legacyBody, to: auth.initiator)
        }
    }

    func secrets(for auth: ReceivedAuth, ackPacket: [UInt8]) throws -> RLPxSecrets {
        try RLPxSecrets(initiator: false, ephemeralKey: ephemeralKey, remoteEphemeral: auth.remoteEphemeral,
                        initiatorNonce: auth.message.nonce, recipientNonce: nonce, authPacket: auth.packet,
                        ackPacket: ackPacket, remoteID: auth.initiator)
    }
}
