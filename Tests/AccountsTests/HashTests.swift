import Primitives
import Testing
@testable import Accounts

@Suite struct HashTests {
    @Test func md5RFC1321() {
        let cases = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (input, digest) in cases { #expect(Hex.encode(MD5.hash(Array(input.utf8))) == digest, "\(input)") }
    }

    @Test func ripemd160Published() {
        let cases = [
            ("", "9c1185a5c5e9fc54612808977ee8f548b2258d31"),
            ("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"),
            ("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
            ("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"),
            ("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"),
            (String(repeating: "1234567890", count: 8), "9b752e45573d4b39f4dbd3323cab82bf63326bfb"),
        ]
        for (input, digest) in cases { #expect(Hex.encode(RIPEMD160.hash(Array(input.utf8))) == digest, "\(input)") }
        #expect(Hex.encode(RIPEMD160.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == "52783243c1697bdbe16d37f97f68f08325dc1528")
    }
}
