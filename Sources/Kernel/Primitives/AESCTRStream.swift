import Crypto
import CryptoExtras
import Foundation

/// AES-CTR whose keystream position carries over between calls.
///
/// RLPx encrypts every frame header and body of one direction with a single keystream (IV 0,
/// wire-facts §1.3), so a frame must continue exactly where the previous one stopped — including in the
/// middle of a 16-byte block. Each call processes its whole input in one `AES._CTR` batch (input
/// padded to whole blocks); the keystream bytes past the input are kept for the next call.
public struct AESCTRStream: Sendable {
    private let key: SymmetricKey
    /// Counter block for the next keystream block to generate (big-endian 128-bit).
    private var counter: [UInt8]
    /// Keystream bytes already generated but not yet used (< 16).
    private var leftover: [UInt8] = []

    /// A stream starting at counter block `iv` (16 bytes; all zero for RLPx). Key 16/24/32 bytes.
    public init(key: [UInt8], iv: [UInt8] = [UInt8](repeating: 0, count: 16)) throws {
        try AESValidation.check(key: key, block: iv)
        self.key = SymmetricKey(data: key)
        self.counter = iv
    }

    /// XORs `data` with the next `data.count` keystream bytes (encrypts or decrypts).
    public mutating func apply(_ data: some Collection<UInt8>) -> [UInt8] {
        var input = Array(data)
        guard !input.isEmpty else { return [] }
        let fromLeftover = Swift.min(leftover.count, input.count)
        for i in 0..<fromLeftover { input[i] ^= leftover[i] }
        leftover.removeFirst(fromLeftover)
        let rest = input.count - fromLeftover
        guard rest > 0 else { return input }

        let blocks = (rest + 15) / 16
        var batch = Array(input[fromLeftover...])
        batch.append(contentsOf: repeatElement(0, count: blocks * 16 - rest))
        let output: [UInt8]
        do {
            let nonce = try AES._CTR.Nonce(nonceBytes: counter)
            output = Array(try AES._CTR.encrypt(batch, using: key, nonce: nonce))
        } catch {
            preconditionFailure("AES-CTR failed with a key and counter validated at init: \(error)")
        }
        input.replaceSubrange(fromLeftover..., with: output[0..<rest])
        leftover = Array(output[rest...])
        advanceCounter(by: UInt64(blocks))
        return input
    }

    /// Adds `blocks` to the 128-bit big-endian counter, wrapping like OpenSSL's CTR mode.
    private mutating func advanceCounter(by blocks: UInt64) {
        var carry = blocks
        var index = 15
        while carry != 0 && index >= 0 {
            let sum = UInt64(counter[index]) &+ (carry & 0xff)
            counter[index] = UInt8(truncatingIfNeeded: sum)
            carry = (carry >> 8) &+ (sum >> 8)
            index -= 1
        }
    }
}
