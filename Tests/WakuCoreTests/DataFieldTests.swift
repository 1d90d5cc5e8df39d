import Primitives
import Testing
@testable import WakuCore

@Suite("Data field")
struct DataFieldTests {
    static let signer = try! PrivateKey(rawBytes: Hex.decode("c6cbd7d76bc5baca530c875663711b947efa6a86a900a9e8645ce32e5821484e"))

    @Test("layout: flags, little-endian size, payload, padding to a multiple of 256, signature last")
    func layout() throws {
        let payload = [UInt8](repeating: 0xaa, count: 300)
        let field = try DataField.build(payload: payload, signer: Self.signer)
        #expect(field.count % 256 == 0)
        #expect(field[0] == 0x02 | 0x04)                  // 2-byte size field, signed
        #expect(field[1] == 0x2c && field[2] == 0x01)     // 300 = 0x012c little-endian
        #expect(Array(field[3..<303]) == payload)
        let signature = try RecoverableSignature(bytes65: field.suffix(65))
        #expect(signature.v <= 1)                          // V ∈ {0,1} (errata #7)
        let digest = Keccak256.hash(field.dropLast(65))    // flag 0x04 set before hashing
        #expect(try signature.recoverPublicKey(digest: digest) == Self.signer.publicKey)
    }

    @Test("padding length: 256 − (raw mod 256), a full 256 when already aligned")
    func paddingLengths() throws {
        // raw = 1 + sizeLength + payload (+ 65 if signed)
        #expect(DataField.paddingLength(payloadLength: 0, signed: false) == 254)
        #expect(DataField.paddingLength(payloadLength: 254, signed: false) == 256)   // 1 + 1 + 254 = 256 → 256 more
        #expect(DataField.paddingLength(payloadLength: 189, signed: true) == 256)    // 1 + 1 + 189 + 65 = 256
        #expect(DataField.paddingLength(payloadLength: 255, signed: false) == 255)
        #expect(DataField.paddingLength(payloadLength: 256, signed: false) == 253)   // 2-byte size field
        #expect(DataField.paddingLength(payloadLength: 65_536, signed: false) == 252) // 3-byte size field
        for length in [0, 1, 189, 190, 253, 254, 255, 256, 1000, 65_535, 65_536, 70_000] {
            for signed in [false, true] {
                let field = try DataField.build(payload: SecureRandom.bytes(length), signer: signed ? Self.signer : nil)
                #expect(field.count % 256 == 0, "payload \(length), signed \(signed)")
                let parsed = try DataField.parse(field)
                #expect(parsed.payload.count == length)
                #expect(parsed.padding.count == DataField.paddingLength(payloadLength: length, signed: signed))
                #expect(parsed.signer == (signed ? Self.signer.publicKey : nil))
            }
        }
    }

    @Test("parse(build(x)) recovers payload, padding and signer; explicit padding is used as given")
    func roundTrip() throws {
        let field = try DataField.build(payload: [1, 2, 3], signer: Self.signer, padding: [9, 9])
        #expect(field.count == 1 + 1 + 3 + 2 + 65)
        let parsed = try DataField.parse(field)
        #expect(parsed.payload == [1, 2, 3] && parsed.padding == [9, 9])
        #expect(parsed.flags == 0x05 && parsed.signer == Self.signer.publicKey)
        #expect(try DataField.parse(DataField.build(payload: [], padding: [])).payload == [])
        let unsigned = try DataField.parse(DataField.build(payload: [7]))
        #expect(unsigned.signer == nil && unsigned.signature == nil && unsigned.payload == [7])
    }

    @Test("status-go parsing quirks: size-field length 0 means no payload; padding is not checked")
    func lenientParsing() throws {
        let noSize = try DataField.parse([0x00, 1, 2, 3])
        #expect(noSize.payload.isEmpty && noSize.padding == [1, 2, 3])
        let short = try DataField.parse([0x01, 0x02, 0xaa, 0xbb])   // unpadded, 2-byte payload
        #expect(short.payload == [0xaa, 0xbb] && short.padding.isEmpty)
        let threeByte = try DataField.parse([0x03, 0x01, 0x00, 0x00, 0x42])
        #expect(threeByte.payload == [0x42])
    }

    @Test("tampering: altered padding or payload recovers a different signer; a broken signature is an error")
    func tampering() throws {
        let field = try DataField.build(payload: Array("hello".utf8), signer: Self.signer)
        var paddingTampered = field
        paddingTampered[10] ^= 0x01
        #expect(try DataField.parse(paddingTampered).signer != Self.signer.publicKey)
        var payloadTampered = field
        payloadTampered[2] ^= 0x01
        #expect(try DataField.parse(payloadTampered).signer != Self.signer.publicKey)
        var badV = field
        badV[badV.count - 1] = 27                                         // 27/28-style V is rejected
        #expect(throws: DataFieldError.self) { try DataField.parse(badV) }
        var zeroR = field
        for i in (field.count - 65)..<(field.count - 33) { zeroR[i] = 0 }   // R = 0 is not a valid signature
        #expect(throws: DataFieldError.self) { try DataField.parse(zeroR) }
        var unflagged = field
        unflagged[0] &= ~DataField.signedFlag                             // signature becomes padding
        let parsed = try DataField.parse(unflagged)
        #expect(parsed.signer == nil && parsed.padding.count == field.count - 7)
    }

    @Test("malformed fields are typed errors")
    func malformed() {
        #expect(throws: DataFieldError.empty) { try DataField.parse([]) }
        #expect(throws: DataFieldError.truncatedSignature(66)) { try DataField.parse([0x04] + [UInt8](repeating: 1, count: 65)) }
        #expect(throws: DataFieldError.truncatedSignature(3)) { try DataField.parse([0x05, 1, 2]) }
        #expect(throws: DataFieldError.truncatedSizeField(needed: 2, available: 1)) { try DataField.parse([0x02, 0x01]) }
        #expect(throws: DataFieldError.truncatedSizeField(needed: 1, available: 0)) { try DataField.parse([0x01]) }
        #expect(throws: DataFieldError.payloadOverrun(declared: 5, available: 2)) { try DataField.parse([0x01, 0x05, 1, 2]) }
        #expect(throws: DataFieldError.payloadOverrun(declared: 0xffffff, available: 0)) { try DataField.parse([0x03, 0xff, 0xff, 0xff]) }
    }

    @Test("randomized: parsing arbitrary bytes never traps")
    func neverTraps() throws {
        var generator = SystemRandomNumberGenerator()
        let valid = try DataField.build(payload: SecureRandom.bytes(40), signer: Self.signer)
        for round in 0..<5_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = valid
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator)) }
            }
            _ = try? DataField.parse(bytes)
        }
    }
}
