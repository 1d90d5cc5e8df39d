import Testing
@testable import Kernel

/// A typical plugin config: defaults in one place, camelCase keys.
private struct TransportConfig: Decodable, Equatable {
    var port: UInt16 = 30303
    var maxPeers: Int = 25
    var listen: Bool = true
    var bootnodes: [String] = []
    var ratio: Double = 0.5
    var mode: Mode = .full

    enum Mode: String, Decodable, CaseIterable { case full, light, bootstrap }
    enum CodingKeys: String, CodingKey { case port, maxPeers, listen, bootnodes, ratio, mode }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        port = try c.decodeIfPresent(UInt16.self, forKey: .port) ?? 30303
        maxPeers = try c.decodeIfPresent(Int.self, forKey: .maxPeers) ?? 25
        listen = try c.decodeIfPresent(Bool.self, forKey: .listen) ?? true
        bootnodes = try c.decodeIfPresent([String].self, forKey: .bootnodes) ?? []
        ratio = try c.decodeIfPresent(Double.self, forKey: .ratio) ?? 0.5
        mode = try c.decodeIfPresent(Mode.self, forKey: .mode) ?? .full
    }
}

/// Synthesized conformance: every key required.
private struct Endpoint: Decodable, Equatable {
    let host: String
    let port: Int8
    let tags: [String: Int]?
}

private struct Cluster: Decodable {
    let nodes: [Endpoint]
}

/// A raw-value enum that is not CaseIterable: its own error is translated.
private enum Flavor: String, Decodable { case vanilla, chocolate }

private struct FlavorBox: Decodable { let flavor: Flavor }

private struct Addresses: Decodable { let peers: [PeerAddress] }

/// A type that validates itself and throws a DecodingError.
private struct Ratio: Decodable {
    let value: Double
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = try container.decode(Double.self)
        guard (0...1).contains(value) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a ratio in 0…1, got \(value)")
        }
    }
}

private struct RatioBox: Decodable { let ratio: Ratio }

@Suite struct ConfigDecoderTests {
    func node(_ text: String, file: String = "c.yaml") throws -> ConfigNode {
        try YAMLLoader.load(text: text, file: file)
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try ConfigDecoder().decode(type, from: try node(text))
    }

    @Test func decodesScalarsListsAndKebabCaseKeys() throws {
        let config = try decode(TransportConfig.self, """
            port: 30304
            max-peers: 0x10
            listen: off
            bootnodes: [a, "b"]
            ratio: 1_000.25
            mode: light
            """)
        #expect(config.port == 30304)
        #expect(config.maxPeers == 16)
        #expect(config.listen == false)
        #expect(config.bootnodes == ["a", "b"])
        #expect(config.ratio == 1000.25)
        #expect(config.mode == .light)
    }

    @Test func missingKeysAndNullTakeTheDefaults() throws {
        #expect(try decode(TransportConfig.self, "") == TransportConfig())
        #expect(try decode(TransportConfig.self, "port:\nbootnodes:\n") == TransportConfig())
        #expect(try ConfigDecoder().decode(TransportConfig.self, from: .empty) == TransportConfig())
    }

    @Test func booleanSpellings() throws {
        struct Flag: Decodable { let on: Bool }
        for (text, value) in [("true", true), ("Yes", true), ("ON", true), ("false", false), ("no", false), ("Off", false)] {
            #expect(try decode(Flag.self, "on: \(text)").on == value)
        }
        let error = try #require(configError { try decode(Flag.self, "on: maybe") })
        #expect(error.message == "expected true or false (also yes/no, on/off), got \"maybe\"")
    }

    @Test func integerTypeErrorsNameThePathRangeAndPosition() throws {
        let text = "plugins:\n  devp2p:\n    port: abc\n"
        let root = try node(text, file: "full.yaml")
        let section = try #require(root["plugins"]?["devp2p"])
        let error = try #require(configError { try ConfigDecoder().decode(TransportConfig.self, from: section) })
        #expect(error.path == "plugins.devp2p.port")
        #expect(error.mark == SourceMark(file: "full.yaml", line: 3, column: 11))
        #expect(error.description == "full.yaml:3:11: plugins.devp2p.port: expected an integer in 0…65535, got \"abc\"")

        let tooBig = try #require(configError { try decode(TransportConfig.self, "port: 70000") })
        #expect(tooBig.message == "expected an integer in 0…65535, got \"70000\"")
        let negative = try #require(configError { try decode(TransportConfig.self, "port: -1") })
        #expect(negative.message.contains("0…65535"))
        let fraction = try #require(configError { try decode(TransportConfig.self, "max-peers: 2.5") })
        #expect(fraction.path == "max-peers")
    }

    @Test func everyIntegerWidthIsRangeChecked() throws {
        struct Widths: Decodable {
            let a: Int8; let b: Int16; let c: Int32; let d: Int64; let e: UInt8; let f: UInt32; let g: UInt64; let h: UInt
        }
        let ok = try decode(Widths.self, "a: -128\nb: 32767\nc: -5\nd: 9223372036854775807\ne: 255\nf: 0b101\ng: 18446744073709551615\nh: 0o17\n")
        #expect(ok.a == -128 && ok.b == 32767 && ok.c == -5 && ok.d == .max && ok.e == 255 && ok.f == 5 && ok.g == .max && ok.h == 15)
        let error = try #require(configError {
            try decode(Widths.self, "a: 128\nb: 1\nc: 1\nd: 1\ne: 1\nf: 1\ng: 1\nh: 1\n")
        })
        #expect(error.message == "expected an integer in -128…127, got \"128\"")
        #expect(error.mark?.line == 1 && error.mark?.column == 4)
    }

    @Test func wrongShapesAreReportedAtTheValue() throws {
        let list = try #require(configError { try decode(TransportConfig.self, "bootnodes: enode://x") })
        #expect(list.description == "c.yaml:1:12: bootnodes: expected a list (`[a, b]` or `- item` lines), got \"enode://x\"")
        let mapping = try #require(configError { try decode(TransportConfig.self, "- a\n- b\n") })
        #expect(mapping.message.hasPrefix("expected a mapping of settings"))
        #expect(mapping.mark?.line == 1)
        let scalar = try #require(configError { try decode(TransportConfig.self, "port: [1]") })
        #expect(scalar.message == "expected an integer in 0…65535, got a sequence")
        let nested = try #require(configError { try decode(Cluster.self, "nodes:\n  - { host: a, port: 1 }\n  - { host: [b], port: 2 }\n") })
        #expect(nested.path == "nodes[1].host")
        #expect(nested.mark == SourceMark(file: "c.yaml", line: 3, column: 13))
    }

    @Test func unknownKeysAreErrorsWithSuggestions() throws {
        let error = try #require(configError { try decode(TransportConfig.self, "port: 1\nmax-peer: 3\n") })
        #expect(error.path == "max-peer")
        #expect(error.mark == SourceMark(file: "c.yaml", line: 2, column: 1))
        #expect(error.message.hasPrefix("unknown key 'max-peer' — did you mean 'max-peers'?"))
        #expect(error.message.contains("Known keys here: bootnodes, listen, max-peers, mode, port, ratio"))
    }

    @Test func unknownKeysAreFoundInsideListsOfMappings() throws {
        let error = try #require(configError {
            try decode(Cluster.self, "nodes:\n  - { host: a, port: 1 }\n  - host: b\n    port: 2\n    prot: 3\n")
        })
        #expect(error.path == "nodes[1].prot")
        #expect(error.mark?.line == 5)
        #expect(error.message.contains("did you mean 'port'?"))
    }

    @Test func camelCaseKeysInYAMLAreUnknownWhenTheKebabSpellingIsAlsoThere() throws {
        let error = try #require(configError { try decode(TransportConfig.self, "max-peers: 3\nmaxPeers: 4\n") })
        #expect(error.path == "maxPeers")
    }

    @Test func noSettingsRejectsAnyKey() throws {
        _ = try decode(NoSettings.self, "")
        _ = try decode(NoSettings.self, "{}")
        let error = try #require(configError { try decode(NoSettings.self, "tag: x") })
        #expect(error.message == "unknown key 'tag': no settings are accepted here; remove it")
    }

    @Test func missingRequiredKeysPointAtTheMappingAndSuggestTypos() throws {
        let error = try #require(configError { try decode(Endpoint.self, "hots: a\nport: 1\n") })
        #expect(error.path == "host")
        #expect(error.message == "missing required key 'host' (is 'hots' a misspelling of it?)")
        #expect(error.mark?.line == 1)
    }

    @Test func dictionariesKeepTheirKeys() throws {
        let endpoint = try decode(Endpoint.self, "host: h\nport: -3\ntags: { fooBar: 1, baz-qux: 2 }\n")
        #expect(endpoint.tags == ["fooBar": 1, "baz-qux": 2])
        #expect(endpoint.port == -3)
    }

    @Test func stringEnumsListTheirChoices() throws {
        let error = try #require(configError { try decode(TransportConfig.self, "mode: ful") })
        #expect(error.message == "expected one of full, light, bootstrap; got \"ful\" — did you mean 'full'?")
        #expect(error.mark?.column == 7)
        let plain = try #require(configError { try decode(FlavorBox.self, "flavor: mint") })
        #expect(plain.path == "flavor")
        #expect(plain.mark?.column == 9)
    }

    @Test func errorsThrownByConfigTypesAreLocated() throws {
        let error = try #require(configError { try decode(RatioBox.self, "\nratio: 1.5\n") })
        #expect(error.description == "c.yaml:2:8: ratio: expected a ratio in 0…1, got 1.5")
        let address = try #require(configError { try decode(Addresses.self, "peers:\n  - memory://a\n  - tcp://b\n") })
        #expect(address.path == "peers[1]")
        #expect(address.mark?.line == 3)
        #expect(address.message.contains("'tcp://b' is not a peer address"))
    }

    @Test func numbersAcceptYAMLSpellings() throws {
        struct Numbers: Decodable { let a: Double; let b: Double; let c: Float; let d: Double }
        let n = try decode(Numbers.self, "a: 1e3\nb: -.inf\nc: 2\nd: .NaN\n")
        #expect(n.a == 1000 && n.b == -.infinity && n.c == 2 && n.d.isNaN)
        let error = try #require(configError { try decode(Numbers.self, "a: one\nb: 1\nc: 1\nd: 1\n") })
        #expect(error.message == "expected a number, got \"one\"")
    }

    @Test func keySpellingConversions() {
        #expect(KeyStyle.kebab("maxPeers") == "max-peers")
        #expect(KeyStyle.kebab("gracePeriodSeconds") == "grace-period-seconds")
        #expect(KeyStyle.kebab("peerURL") == "peer-url")
        #expect(KeyStyle.kebab("urlHTTPSPort") == "url-https-port")
        #expect(KeyStyle.kebab("port") == "port")
        #expect(KeyStyle.kebab("v5Enabled") == "v5-enabled")
        #expect(KeyStyle.camel("max-peers") == "maxPeers")
        #expect(KeyStyle.camel("port") == "port")
    }

    @Test func suggestionsUseEditDistanceAndPrefixes() {
        let names = ["static-peers", "memory", "devp2p", "discv5", "relay", "store"]
        #expect(NameSuggestions.nearest(to: "static-peer", among: names) == ["static-peers"])
        #expect(NameSuggestions.nearest(to: "Relay", among: names) == ["relay"])
        #expect(NameSuggestions.nearest(to: "devp", among: names) == ["devp2p"])
        #expect(NameSuggestions.nearest(to: "discv4", among: names) == ["discv5"])
        #expect(NameSuggestions.nearest(to: "xyzzy", among: names) == [])
        #expect(NameSuggestions.nearest(to: "", among: names) == [])
        #expect(NameSuggestions.didYouMean(["a", "b", "c"]) == " — did you mean 'a', 'b' or 'c'?")
    }
}
