import Primitives
import WakuCore

extension FuzzTarget {
    /// Waku data field and message open (Sources/Plugins/WakuCore): the input as envelope data opened with
    /// the fixed sym key and B's key, as a plaintext data field, and — to reach the parser behind AES-GCM —
    /// encrypted with the fixed sym key and opened again.
    public static let wakuDataField = FuzzTarget(
        name: "waku-data-field",
        summary: "Message.open (sym + asym keys), DataField.parse, SymmetricCipher.encrypt(input)→Message.open",
        run: { input in
            _ = try? Message.open(input, with: WakuFixtures.keys)
            if let parsed = try? DataField.parse(input) { _ = parsed }
            if let sealed = try? SymmetricCipher.encrypt(input, key: WakuFixtures.symKey, nonce: [UInt8](repeating: 7, count: SymmetricCipher.nonceLength)) {
                _ = try? Message.open(sealed, with: WakuFixtures.keys)
            }
        },
        seeds: {
            var seeds = WakuFixtures.sealedData()
            let payload = Array("fuzz seed payload".utf8)
            for signer in [nil, FuzzFixtures.keyA] {
                if let field = try? DataField.build(payload: payload, signer: signer, padding: [9, 9]) { seeds.append(field) }
            }
            return seeds
        })
}
