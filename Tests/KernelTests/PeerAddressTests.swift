import Kernel
import Testing

@Suite struct PeerAddressTests {
    static let id = "ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd31387574077f301b421bc84df7266c44e9e6d569fc56be00812904767bf5ccd1fc7f"

    @Test func parsesEnodeURLs() throws {
        let address = try PeerAddress(parsing: "enode://\(Self.id)@10.3.58.6:30303?discport=30301")
        #expect(address.scheme == "enode")
        #expect(address.host == "10.3.58.6")
        #expect(address.port == 30303)
        #expect(address.peerID?.hex == Self.id)
        #expect(address.description == "enode://\(Self.id)@10.3.58.6:30303")
    }

    @Test func parsesTheEIP778RecordButRefusesItWithoutTCP() throws {
        let text = "enr:-IS4QHCYrYZbAKWCBRlAy5zzaDZXJBGkcnh4MHcBFZntXNFrdvJjX04jRzjzCBOonrkTfj499SZuOh8R33Ls8RRcy5wBgmlkgnY0gmlwhH8AAAGJc2VjcDI1NmsxoQPKY0yuDUmstAHYpMa2_oxVtw0RW_QAdpzBQA8yWM0xOIN1ZHCCdl8"
        #expect { try PeerAddress(parsing: text) } throws: { "\($0)".contains("'tcp'") }
    }

    @Test(arguments: [
        "enode://abc@1.2.3.4:30303",
        "enode://\(id)1.2.3.4:30303",
        "enode://\(id)@1.2.3.4",
        "enode://\(id)@1.2.3.4:0",
        "enode://\(id)@1.2.3.4:99999",
        "enode://\(id)@:30303",
        "enr:%%%",
        "memory://",
        "http://example.com",
        "",
    ])
    func rejectsMalformedAddresses(text: String) {
        #expect(throws: PeerAddressError.self) { try PeerAddress(parsing: text) }
    }
}
