import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives
import Testing
import TestKit
@testable import Rendezvous

/// libp2p `/rendezvous/1.0.0`: hand-built protobuf bytes for each message, malformed input, the rendezvous
/// point's rules (TTL, namespaces, cookies, peer checks, signed envelopes), and live interop with py-libp2p
/// 0.8.1 in both directions.
@Suite(.serialized) struct RendezvousV1Tests {
    func hex(_ text: String) -> [UInt8] { try! Hex.decode(text.replacingOccurrences(of: " ", with: "")) }
    /// /ip4/127.0.0.1/tcp/4001
    var addr: [UInt8] { hex("04 7f000001 06 0fa1") }

    func roundTrip(_ message: RendezvousV1Message, _ wire: [UInt8]) throws {
        #expect(RendezvousV1Codec.encode(message) == wire)
        #expect(try RendezvousV1Codec.decode(wire) == message)
    }

    @Test func wireBytes() throws {
        let registration = RendezvousV1Registration(namespace: "ns", peer: .info(id: [0x00, 0x01], addresses: [addr]), ttl: 7200)
        // type REGISTER (0) is left out (proto3); register = 2 { ns=1 "ns", peer=2 {id=1, addrs=2}, ttl=3 7200 }
        try roundTrip(.register(registration), hex("12 17 0a026e73 120e 0a020001 1208 047f000001060fa1 18a038"))
        try roundTrip(.registerResponse(status: .ok, text: "OK", ttl: 7200), hex("0801 1a07 12024f4b 18a038"))
        for (status, code) in [(RendezvousV1Status.invalidNamespace, "64"), (.invalidSignedPeerRecord, "65"), (.invalidTTL, "66"),
                               (.invalidCookie, "67"), (.notAuthorized, "c801"), (.internalError, "ac02"), (.unavailable, "9003")] {
            let c = hex(code)
            try roundTrip(.registerResponse(status: status, text: "", ttl: 0), hex("0801 1a") + [UInt8(c.count + 1), 0x08] + c)
        }
        try roundTrip(.unregister(namespace: "ns", peerID: [1]), hex("0802 2207 0a026e73 120101"))
        let cookie = hex("0000000000000005")
        try roundTrip(.discover(namespace: "ns", limit: 1, cookie: cookie), hex("0803 2a10 0a026e73 1001 1a08") + cookie)
        let inner = hex("0a026e73 120e 0a020001 1208 047f000001060fa1 18a038")
        try roundTrip(.discoverResponse(registrations: [registration], cookie: cookie, status: .ok, text: "OK"),
                      hex("0804 3227 0a17") + inner + hex("1208") + cookie + hex("22024f4b"))
    }

    @Test func malformedInput() {
        for bytes in [hex("0807"), hex("0801 1a05 0801"), hex("0b"), hex("0801 1a02 0805"), hex("0803 2a04 0a02ffff"),
                      hex("0803 2a01 0d"), [UInt8](repeating: 0x0a, count: 70_000)] {
            #expect(throws: RendezvousV1Error.self) { try RendezvousV1Codec.decode(bytes) }
        }
    }

    @Test func rendezvousPointRules() async throws {
        let clock = ManualClock()
        let registry = RendezvousV1Registry(clock: clock, maximumRecords: 3, maximumRegistrationsPerPeer: 2)
        let peers = (0..<4).map { PeerID([0x00, 0x02, 0xaa, UInt8($0)]) }
        func reg(_ i: Int, ns: String = "ns", ttl: UInt64 = 0) -> RendezvousV1Registration {
            RendezvousV1Registration(namespace: ns, peer: .info(id: peers[i].bytes, addresses: [addr]), ttl: ttl)
        }
        #expect(await registry.register(reg(0), from: peers[0]) == (.ok, 7200))          // 0: the 2 h default
        #expect(await registry.register(reg(1, ttl: 72 * 3600), from: peers[1]) == (.ok, 72 * 3600))
        #expect(await registry.register(reg(2, ttl: 72 * 3600 + 1), from: peers[2]).0 == .invalidTTL)
        #expect(await registry.register(reg(2, ns: ""), from: peers[2]).0 == .invalidNamespace)
        #expect(await registry.register(reg(2, ns: String(repeating: "n", count: 256)), from: peers[2]).0 == .invalidNamespace)
        #expect(await registry.register(reg(3), from: peers[2]).0 == .notAuthorized)       // someone else's id
        #expect(await registry.register(RendezvousV1Registration(namespace: "ns", peer: .info(id: peers[2].bytes, addresses: []), ttl: 0),
                                        from: peers[2]).0 == .invalidSignedPeerRecord)
        #expect(await registry.register(reg(2), from: peers[2]).0 == .ok)
        #expect(await registry.register(reg(3), from: peers[3]).0 == .unavailable)         // the record cap
        #expect(await registry.register(reg(2, ns: "other"), from: peers[2]).0 == .unavailable)
        // Paging with cookies, limit 1.
        var seen: [[UInt8]] = [], cookie: [UInt8] = []
        while true {
            let (status, page, next) = await registry.discover(namespace: "ns", limit: 1, cookie: cookie)
            #expect(status == .ok)
            guard let first = page.first, case .info(let id, _) = first.peer else { break }
            seen.append(id)
            cookie = next
        }
        #expect(seen == [peers[0].bytes, peers[1].bytes, peers[2].bytes])
        #expect(await registry.discover(namespace: "ns", limit: 1, cookie: [1, 2, 3]).0 == .invalidCookie)
        await registry.unregister(namespace: "ns", peer: peers[1])
        #expect(await registry.discover(namespace: "ns", limit: 0, cookie: []).1.count == 2)
        clock.advance(by: .seconds(7201))                                                     // TTL expiry
        #expect(await registry.discover(namespace: "ns", limit: 10, cookie: []).1.isEmpty)
        #expect(await registry.recordCount == 0)
    }

    /// An envelope built field by field (not with `SignedPeerRecord.seal`), so each rule can be broken on its own.
    func envelope(key: Libp2pIdentityKey, type: [UInt8] = [0x03, 0x01], payload: [UInt8],
                  sign: (_ key: Libp2pIdentityKey, _ signed: [UInt8]) throws -> [UInt8] = { try $0.sign($1) }) throws -> [UInt8] {
        let domain = Array("libp2p-peer-record".utf8)
        let signed = UVarint.encode(UInt64(domain.count)) + domain + UVarint.encode(UInt64(type.count)) + type
            + UVarint.encode(UInt64(payload.count)) + payload
        var w = ProtoWriter()
        w.lengthDelimited(1, key.publicKey.protobuf)
        w.lengthDelimited(2, type)
        w.lengthDelimited(3, payload)
        w.lengthDelimited(5, try sign(key, signed))
        return w.bytes
    }

    /// `PeerRecord{1: id, 2: seq, 3: AddressInfo{1: addr}}`, hand-built.
    func recordBytes(id: [UInt8], seq: UInt8 = 7, addresses: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [0x0a, UInt8(id.count)] + id + [0x10, seq]
        for a in addresses { out += [0x1a, UInt8(a.count + 2), 0x0a, UInt8(a.count)] + a }
        return out
    }

    @Test func signedPeerRecords() throws {
        let key = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        let peer = PeerID(key.peerID.bytes)
        let payload = recordBytes(id: key.peerID.bytes, addresses: [addr])
        let good = try envelope(key: key, payload: payload)
        // secp256k1 signatures are deterministic (RFC 6979): signing writes the same bytes as the hand-built envelope.
        let sealed = try SignedPeerRecord(signing: key, seq: 7, addresses: [try Multiaddr(bytes: addr)])
        #expect(sealed.envelope == good)
        let opened = try SignedPeerRecord(verifying: good)
        #expect(opened == sealed)
        #expect(opened.peerID == key.peerID && opened.seq == 7 && opened.addresses.map(\.bytes) == [addr])
        #expect(RendezvousV1PeerCheck.check(.signedRecord(good), connectedPeer: peer) == .ok)
        #expect(RendezvousV1PeerCheck.check(.signedRecord(good), connectedPeer: PeerID([0, 1, 2])) == .notTheSender)
        let bad = try envelope(key: key, payload: payload) { var s = try $0.sign($1); s[s.count - 3] ^= 1; return s }
        #expect(throws: SignedPeerRecordError.badSignature) { try SignedPeerRecord(verifying: bad) }
        #expect(throws: SignedPeerRecordError.wrongPayloadType([0x81, 0x06])) {
            try SignedPeerRecord(verifying: try envelope(key: key, type: [0x81, 0x06], payload: payload))
        }
        let other = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        #expect(throws: SignedPeerRecordError.peerIDMismatch) {
            try SignedPeerRecord(verifying: try envelope(key: key, payload: recordBytes(id: other.peerID.bytes, addresses: [addr])))
        }
        // Signed by one key, sent in another's name: the record's key is checked against the signature.
        #expect(throws: SignedPeerRecordError.badSignature) {
            try SignedPeerRecord(verifying: try envelope(key: key, payload: payload) { _, signed in try other.sign(signed) })
        }
        for malformed in [[0x0a, 0x05], hex("0a00"), try envelope(key: key, payload: hex("1007")),
                          try envelope(key: key, payload: hex("0807")), [UInt8](repeating: 0, count: 5000)] {
            #expect(throws: SignedPeerRecordError.self) { try SignedPeerRecord(verifying: malformed) }
        }
        // An address Parley cannot read is left out, not fatal (another peer's record may list QUIC); with nothing
        // readable left, the rendezvous point refuses the registration.
        let unreadable = try envelope(key: key, payload: recordBytes(id: key.peerID.bytes, addresses: [hex("ff"), addr]))
        #expect(try SignedPeerRecord(verifying: unreadable).addresses.map(\.bytes) == [addr])
        let onlyUnreadable = try envelope(key: key, payload: recordBytes(id: key.peerID.bytes, addresses: [hex("ff")]))
        #expect(RendezvousV1PeerCheck.check(.signedRecord(onlyUnreadable), connectedPeer: peer)
                == .invalid("the signed peer record has no addresses Parley can read"))
        // It decodes as a signed record, not as PeerInfo, and its addresses are the ones dialled.
        let message = RendezvousV1Message.register(RendezvousV1Registration(namespace: "ns", peer: .signedRecord(good), ttl: 60))
        #expect(try RendezvousV1Codec.decode(RendezvousV1Codec.encode(message)) == message)
        #expect(RendezvousV1Requests.dialable(.signedRecord(good)) == PeerAddress(scheme: "multiaddr", peerID: peer, host: "127.0.0.1", port: 4001))
        #expect(RendezvousV1Requests.dialable(.signedRecord(bad)) == nil)
        #expect(RendezvousV1Requests.dialable(.info(id: key.peerID.bytes, addresses: [addr])) ==
                PeerAddress(scheme: "multiaddr", peerID: peer, host: "127.0.0.1", port: 4001))
    }

    /// The rendezvous point takes both forms; a bad signature is E_INVALID_SIGNED_PEER_RECORD, and a DISCOVER hands
    /// the envelope back as it was signed.
    @Test func rendezvousPointWithSignedAndUnsignedRecords() async throws {
        let registry = RendezvousV1Registry(clock: ManualClock())
        let signer = Libp2pIdentityKey.secp256k1(PrivateKey.generate()), plain = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        let payload = recordBytes(id: signer.peerID.bytes, addresses: [addr])
        let good = try envelope(key: signer, payload: payload)
        let bad = try envelope(key: signer, payload: payload) { var s = try $0.sign($1); s[10] ^= 0x40; return s }
        let from = PeerID(signer.peerID.bytes)
        #expect(await registry.register(RendezvousV1Registration(namespace: "ns", peer: .signedRecord(bad), ttl: 60), from: from)
                == (.invalidSignedPeerRecord, 0))
        #expect(RendezvousV1Status.invalidSignedPeerRecord.description == "E_INVALID_SIGNED_PEER_RECORD")
        #expect(await registry.register(RendezvousV1Registration(namespace: "ns", peer: .signedRecord(good), ttl: 60),
                                        from: PeerID(plain.peerID.bytes)).0 == .notAuthorized)
        let noAddresses = try envelope(key: signer, payload: recordBytes(id: signer.peerID.bytes, addresses: []))
        #expect(await registry.register(RendezvousV1Registration(namespace: "ns", peer: .signedRecord(noAddresses), ttl: 60), from: from).0
                == .invalidSignedPeerRecord)
        #expect(await registry.register(RendezvousV1Registration(namespace: "ns", peer: .signedRecord(good), ttl: 60), from: from) == (.ok, 60))
        #expect(await registry.register(RendezvousV1Registration(namespace: "ns", peer: .info(id: plain.peerID.bytes, addresses: [addr]), ttl: 60),
                                        from: PeerID(plain.peerID.bytes)) == (.ok, 60))
        let (status, page, _) = await registry.discover(namespace: "ns", limit: 10, cookie: [])
        #expect(status == .ok)
        #expect(page.map(\.peer) == [.signedRecord(good), .info(id: plain.peerID.bytes, addresses: [addr])])
    }

    /// A signed peer record py-libp2p 0.8.1 sealed (`rendezvous_peer.py seal`: `seal_record`, secp256k1, seq 42,
    /// /ip4/127.0.0.1/tcp/4001), transcribed byte for byte.
    @Test func pyLibp2pSealedPeerRecordVector() throws {
        let envelope = hex("0a25080212210228b0026e01d36ae127c5c8cae264da4ad470c8d3312c5b322f0778b6ffe14e55120203011a370a270025080212210228b0026e01d36ae127c5c8cae264da4ad470c8d3312c5b322f0778b6ffe14e55102a1a0a0a08047f000001060fa12a463044022012fb5037fc21f7935fa94dca26907424f2588b62c53e22f37b0a3be41b0a32c702205c5ce6535e1df2ed5ab43ebaedd52936c5bd86bd9b91f6bb7b5f42919f1a40d4")
        let opened = try SignedPeerRecord(verifying: envelope)
        #expect(opened.peerID.base58 == "16Uiu2HAkxAVx9RodHK9et3qa7vYxutDy8AzG1h1d2Mj9V9Ns1ftp")
        #expect(opened.seq == 42)
        #expect(opened.addresses.map(\.bytes) == [addr])
        var tampered = envelope
        tampered[tampered.count - 1] ^= 0x01
        #expect(throws: SignedPeerRecordError.badSignature) { try SignedPeerRecord(verifying: tampered) }
    }

    // MARK: live interop with py-libp2p 0.8.1

    let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), RendezvousPlugin.factory()])

    func startPoint() async throws -> (Kernel, Multiaddr) {
        let kernel = try harness.kernel("point", registry: harness.registry())
        try await kernel.start(harness.profile("point", "plugins:\n  libp2p: { host: 127.0.0.1, port: 0 }\n  rendezvous: { serve: true }\n"))
        let port = try #require(await kernel.status().network.listenPorts["libp2p"])
        return (kernel, try Multiaddr(parsing: "/ip4/127.0.0.1/tcp/\(port)/p2p/\(Libp2pPlugin.peerID(of: kernel.identity).base58)"))
    }

    /// A Parley client with its own identity: registers itself (PeerInfo id = its peer id) on a fresh stream.
    func parleyRegister(at address: Multiaddr, namespace: String) async throws -> (Libp2pClient, Libp2pPeerID) {
        let identity = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        let client = Libp2pClient(identity: identity)
        let connection = try await client.connect(address)
        let stream = try await connection.openStream(RendezvousV1Client.protocolID)
        let ttl = try await RendezvousV1Client(stream: stream).register(
            RendezvousV1Registration(namespace: namespace, peer: .info(id: identity.peerID.bytes, addresses: [addr]), ttl: 7200))
        #expect(ttl == 7200)
        await stream.close()
        return (client, identity.peerID)
    }

    @Test(.enabled(if: PyRendezvousPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p rendezvous interop skipped"),
          .timeLimit(.minutes(2)))
    func pyLibp2pClientAgainstParleyRendezvousPoint() async throws {
        defer { harness.cleanUp() }
        let (point, address) = try await startPoint()
        let (c1, id1) = try await parleyRegister(at: address, namespace: "parley-ns")
        let (c2, id2) = try await parleyRegister(at: address, namespace: "parley-ns")
        let py = try PyRendezvousPeer(["client", address.description, "parley-ns"])
        defer { py.terminate() }
        let result = try await py.line(0)
        let pyID = try #require(result["peer_id"] as? String)
        #expect(result["ttl"] as? Double == 7200 || result["ttl"] as? Int == 7200)
        // Paging with limit 1 and cookies: one registration per page, ours first, then py-libp2p's own.
        let pages = try #require(result["pages"] as? [[String]])
        #expect(pages == [[id1.base58], [id2.base58], [pyID]])
        #expect(result["after_unregister"] as? [String] == [id1.base58, id2.base58])
        await c1.shutdown(); await c2.shutdown()
        await point.stop()
    }

    @Test(.enabled(if: PyRendezvousPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p rendezvous interop skipped"),
          .timeLimit(.minutes(2)))
    func parleyClientAgainstPyLibp2pRendezvousPoint() async throws {
        let py = try PyRendezvousPeer(["server"])
        defer { py.terminate() }
        let hello = try await py.line(0)
        let target = try Multiaddr(parsing: try #require(hello["addr"] as? String))
        let identity = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        let client = Libp2pClient(identity: identity)
        let connection = try await client.connect(target)
        func fresh() async throws -> RendezvousV1Client { RendezvousV1Client(stream: try await connection.openStream(RendezvousV1Client.protocolID)) }
        let mine = RendezvousV1Registration(namespace: "swift-ns", peer: .info(id: identity.peerID.bytes, addresses: [addr]), ttl: 7200)
        #expect(try await fresh().register(mine) == 7200)
        // TTL above 72 h: py-libp2p answers E_INVALID_TTL.
        var tooLong = mine
        tooLong.ttl = 72 * 3600 + 1
        await #expect(throws: RendezvousV1ClientError.self) { _ = try await fresh().register(tooLong) }
        // A second Parley identity registers too, so limit 1 pages: py-libp2p's cookie is an offset, empty on the last page.
        let other = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        let otherClient = Libp2pClient(identity: other)
        let otherConnection = try await otherClient.connect(target)
        let theirs = RendezvousV1Registration(namespace: "swift-ns", peer: .info(id: other.peerID.bytes, addresses: [addr]), ttl: 7200)
        #expect(try await RendezvousV1Client(stream: try await otherConnection.openStream(RendezvousV1Client.protocolID)).register(theirs) == 7200)
        let (page, cookie) = try await fresh().discover(namespace: "swift-ns", limit: 1)
        #expect(page.count == 1)
        if case .info(let id, let addresses)? = page.first?.peer {
            #expect(id == identity.peerID.bytes)
            #expect(addresses == [addr])
        } else { Issue.record("expected a PeerInfo registration, got \(page)") }
        #expect(!cookie.isEmpty)
        let (second, last) = try await fresh().discover(namespace: "swift-ns", limit: 1, cookie: cookie)
        #expect(second.map(\.peer) == [theirs.peer])
        #expect(last.isEmpty)
        try await fresh().unregister(namespace: "swift-ns", peerID: identity.peerID.bytes)
        try await eventually("py-libp2p dropped the registration", timeout: .seconds(10)) {
            ((try? await fresh().discover(namespace: "swift-ns", limit: 10).0.map(\.peer)) ?? []) == [theirs.peer]
        }
        await otherClient.shutdown()
        await connection.close()
        await client.shutdown()
    }

    /// Signed peer records both ways with py-libp2p 0.8.1's own envelope code: py seals, Parley opens; Parley seals,
    /// py's `consume_envelope` accepts it and rejects it with one signature bit flipped.
    @Test(.enabled(if: PyRendezvousPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p rendezvous interop skipped"),
          .timeLimit(.minutes(1)))
    func signedPeerRecordsWithPyLibp2p() async throws {
        let sealer = try PyRendezvousPeer(["seal"])
        defer { sealer.terminate() }
        let sealed = try await sealer.line(0)
        let opened = try SignedPeerRecord(verifying: hex(try #require(sealed["envelope"] as? String)))
        #expect(opened.peerID.base58 == sealed["peer_id"] as? String)
        #expect(opened.addresses.map(\.bytes) == [addr])

        let key = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        let mine = try SignedPeerRecord(signing: key, seq: 9, addresses: [try Multiaddr(bytes: addr)]).envelope
        let reader = try PyRendezvousPeer(["open", Hex.encode(mine)])
        defer { reader.terminate() }
        let read = try await reader.line(0)
        #expect(read["peer_id"] as? String == key.peerID.base58, "\(read)")
        #expect(read["addrs"] as? [String] == ["/ip4/127.0.0.1/tcp/4001"])
        #expect(read["seq"] as? Int == 9)
        var tampered = mine
        tampered[tampered.count - 2] ^= 0x01
        let rejecter = try PyRendezvousPeer(["open", Hex.encode(tampered)])
        defer { rejecter.terminate() }
        #expect(try await rejecter.line(0)["rejected"] != nil)
    }

    /// TTL expiry live at a py-libp2p 0.8.1 rendezvous point: its server takes any TTL from 1 s (the 120 s minimum is
    /// only its client's check), so a 2 s registration is listed, then gone from DISCOVER.
    @Test(.enabled(if: PyRendezvousPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p rendezvous interop skipped"),
          .timeLimit(.minutes(1)))
    func registrationExpiresAtPyLibp2pPoint() async throws {
        let py = try PyRendezvousPeer(["server"])
        defer { py.terminate() }
        let target = try Multiaddr(parsing: try #require(try await py.line(0)["addr"] as? String))
        let identity = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        let client = Libp2pClient(identity: identity)
        let connection = try await client.connect(target)
        func fresh() async throws -> RendezvousV1Client { RendezvousV1Client(stream: try await connection.openStream(RendezvousV1Client.protocolID)) }
        let short = RendezvousV1Registration(namespace: "short-ns", peer: .info(id: identity.peerID.bytes, addresses: [addr]), ttl: 2)
        let registeredAt = ContinuousClock.now
        #expect(try await fresh().register(short) == 2)
        #expect(try await fresh().discover(namespace: "short-ns", limit: 10).0.map(\.peer) == [short.peer])
        try await eventually("py-libp2p expired the 2 s registration", timeout: .seconds(15)) {
            ((try? await fresh().discover(namespace: "short-ns", limit: 10).0.count) ?? -1) == 0
        }
        #expect(ContinuousClock.now - registeredAt >= .seconds(2))
        await connection.close()
        await client.shutdown()
    }

    /// TTL expiry live at Parley's rendezvous point: a py-libp2p 0.8.1 client registers for 2 s (its 120 s client
    /// minimum lowered in the peer script) and watches its own registration disappear from DISCOVER.
    @Test(.enabled(if: PyRendezvousPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p rendezvous interop skipped"),
          .timeLimit(.minutes(1)))
    func pyLibp2pRegistrationExpiresAtParleyPoint() async throws {
        defer { harness.cleanUp() }
        let (point, address) = try await startPoint()
        let py = try PyRendezvousPeer(["expire", address.description, "short-ns", "2"])
        defer { py.terminate() }
        let result = try await py.line(0, timeout: .seconds(45))
        #expect(result["ttl"] as? Int == 2, "\(result)")
        #expect(result["listed"] as? Bool == true)
        let after = try #require(result["expired_after"] as? Double)
        #expect(after >= 1.5 && after < 10, "expired after \(after) s")
        await point.stop()
    }
}
