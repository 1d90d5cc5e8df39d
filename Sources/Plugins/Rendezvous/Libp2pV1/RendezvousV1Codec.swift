import Libp2pCore

/// Protobuf encoding of `/rendezvous/1.0.0` messages (proto3: zero values are left out, as py-libp2p writes them).
public enum RendezvousV1Codec {
    public static func encode(_ message: RendezvousV1Message) -> [UInt8] {
        var w = ProtoWriter()
        switch message {
        case .register(let registration):
            varint(&w, 1, RendezvousV1Type.register.rawValue)
            w.lengthDelimited(2, registrationBytes(registration))
        case .registerResponse(let status, let text, let ttl):
            varint(&w, 1, RendezvousV1Type.registerResponse.rawValue)
            var inner = ProtoWriter()
            varint(&inner, 1, status.rawValue)
            string(&inner, 2, text)
            varint(&inner, 3, ttl)
            w.lengthDelimited(3, inner.bytes)
        case .unregister(let namespace, let id):
            varint(&w, 1, RendezvousV1Type.unregister.rawValue)
            var inner = ProtoWriter()
            string(&inner, 1, namespace)
            if !id.isEmpty { inner.lengthDelimited(2, id) }
            w.lengthDelimited(4, inner.bytes)
        case .discover(let namespace, let limit, let cookie):
            varint(&w, 1, RendezvousV1Type.discover.rawValue)
            var inner = ProtoWriter()
            string(&inner, 1, namespace)
            varint(&inner, 2, limit)
            if !cookie.isEmpty { inner.lengthDelimited(3, cookie) }
            w.lengthDelimited(5, inner.bytes)
        case .discoverResponse(let registrations, let cookie, let status, let text):
            varint(&w, 1, RendezvousV1Type.discoverResponse.rawValue)
            var inner = ProtoWriter()
            for registration in registrations { inner.lengthDelimited(1, registrationBytes(registration)) }
            if !cookie.isEmpty { inner.lengthDelimited(2, cookie) }
            varint(&inner, 3, status.rawValue)
            string(&inner, 4, text)
            w.lengthDelimited(6, inner.bytes)
        }
        return w.bytes
    }

    static func varint(_ w: inout ProtoWriter, _ field: UInt64, _ value: UInt64) { if value != 0 { w.varint(field, value) } }
    static func string(_ w: inout ProtoWriter, _ field: UInt64, _ text: String) { if !text.isEmpty { w.lengthDelimited(field, Array(text.utf8)) } }

    static func registrationBytes(_ r: RendezvousV1Registration) -> [UInt8] {
        var w = ProtoWriter()
        string(&w, 1, r.namespace)
        switch r.peer {
        case .info(let id, let addresses):
            var info = ProtoWriter()
            if !id.isEmpty { info.lengthDelimited(1, id) }
            for address in addresses { info.lengthDelimited(2, address) }
            w.lengthDelimited(2, info.bytes)
        case .signedRecord(let bytes):
            w.lengthDelimited(2, bytes)
        }
        varint(&w, 3, r.ttl)
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(RendezvousV1Error) -> RendezvousV1Message {
        guard bytes.count <= RendezvousV1Message.maximumMessage else { throw .malformed("\(bytes.count) bytes") }
        let fields = try read(bytes)
        let typeValue = try uint(fields, 1) ?? 0
        guard let type = RendezvousV1Type(rawValue: typeValue) else { throw .malformed("unknown message type \(typeValue)") }
        func body(_ field: UInt64) throws(RendezvousV1Error) -> [(field: UInt64, value: ProtoValue)] {
            try read(try data(fields, field) ?? [])
        }
        switch type {
        case .register:
            return .register(try registration(try data(fields, 2) ?? []))
        case .registerResponse:
            let b = try body(3)
            return .registerResponse(status: try status(b, 1), text: try text(b, 2), ttl: try uint(b, 3) ?? 0)
        case .unregister:
            let b = try body(4)
            return .unregister(namespace: try text(b, 1), peerID: try data(b, 2) ?? [])
        case .discover:
            let b = try body(5)
            return .discover(namespace: try text(b, 1), limit: try uint(b, 2) ?? 0, cookie: try data(b, 3) ?? [])
        case .discoverResponse:
            let b = try body(6)
            var registrations: [RendezvousV1Registration] = []
            for (field, value) in b where field == 1 {
                guard case .bytes(let r) = value else { throw .malformed("registration is not length-delimited") }
                registrations.append(try registration(r))
            }
            return .discoverResponse(registrations: registrations, cookie: try data(b, 2) ?? [], status: try status(b, 3), text: try text(b, 4))
        }
    }

    static func registration(_ bytes: [UInt8]) throws(RendezvousV1Error) -> RendezvousV1Registration {
        let f = try read(bytes)
        let peerBytes = try data(f, 2) ?? []
        let inner = (try? ProtoReader.fields(peerBytes)) ?? []
        // A signed envelope has payload (3) and signature (5); PeerInfo only id (1) and addrs (2).
        let isEnvelope = inner.contains { $0.field == 3 || $0.field == 5 }
        let peer: RendezvousV1Registration.Peer
        if isEnvelope {
            peer = .signedRecord(peerBytes)
        } else {
            let peerFields = try read(peerBytes)
            var addresses: [[UInt8]] = []
            for (field, value) in peerFields where field == 2 {
                guard case .bytes(let a) = value else { throw .malformed("addr is not bytes") }
                addresses.append(a)
            }
            peer = .info(id: try data(peerFields, 1) ?? [], addresses: addresses)
        }
        return RendezvousV1Registration(namespace: try text(f, 1), peer: peer, ttl: try uint(f, 3) ?? 0)
    }

    static func read(_ bytes: [UInt8]) throws(RendezvousV1Error) -> [(field: UInt64, value: ProtoValue)] {
        do { return try ProtoReader.fields(bytes) } catch { throw .malformed("\(error)") }
    }

    static func uint(_ f: [(field: UInt64, value: ProtoValue)], _ n: UInt64) throws(RendezvousV1Error) -> UInt64? {
        guard let v = f.last(where: { $0.field == n })?.value else { return nil }
        guard case .varint(let x) = v else { throw .malformed("field \(n) is not a varint") }
        return x
    }

    static func data(_ f: [(field: UInt64, value: ProtoValue)], _ n: UInt64) throws(RendezvousV1Error) -> [UInt8]? {
        guard let v = f.last(where: { $0.field == n })?.value else { return nil }
        guard case .bytes(let x) = v else { throw .malformed("field \(n) is not length-delimited") }
        return x
    }

    static func text(_ f: [(field: UInt64, value: ProtoValue)], _ n: UInt64) throws(RendezvousV1Error) -> String {
        guard let bytes = try data(f, n) else { return "" }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw .malformed("field \(n) is not UTF-8") }
        return s
    }

    static func status(_ f: [(field: UInt64, value: ProtoValue)], _ n: UInt64) throws(RendezvousV1Error) -> RendezvousV1Status {
        let code = try uint(f, n) ?? 0
        guard let s = RendezvousV1Status(rawValue: code) else { throw .malformed("unknown status \(code)") }
        return s
    }
}
