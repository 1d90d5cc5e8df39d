extension RatchetState {
    /// RatchetEncrypt: header `{DHs, Ns, PN}`, message key from the sending chain, then
    /// `seal(mk, plaintext, ad ‖ header.encoded)`. Status sessions pass `ad = ∅`.
    public mutating func encrypt(_ plaintext: [UInt8], associatedData: [UInt8] = []) throws(RatchetError) -> RatchetMessage {
        guard sending.count < UInt32.max else { throw .sendingChainExhausted }
        let header = RatchetHeader(validatedKey: localRatchetKey.publicKey.compressed, n: sending.count,
                                   pn: previousSendingCount)
        let messageKey = sending.step()
        let ciphertext = try RatchetCipher.seal(messageKey: messageKey, plaintext: plaintext,
                                                associatedData: associatedData + header.encoded)
        return RatchetMessage(header: header, ciphertext: ciphertext)
    }
}
