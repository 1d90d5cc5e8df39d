import Kernel

/// Maps negotiated capabilities to their message-code ranges (SPECS §1.5): shared = same name and
/// version; sorted by name; the highest shared version of a name wins; offsets start at 0x10 and
/// advance by each matched protocol's length.
struct CapabilityTable: Equatable {
    struct Entry: Equatable {
        let id: ProtocolID
        let offset: UInt64
        let length: UInt64
    }

    let entries: [Entry]

    init(local: [ProtocolOffer], remote: [CapabilityAnnouncement]) {
        let localByID = Dictionary(local.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var chosen: [String: ProtocolOffer] = [:]
        for announced in remote {
            let id = ProtocolID(name: announced.name, version: announced.version)
            guard let offer = localByID[id] else { continue }
            if let current = chosen[id.name], current.id.version >= id.version { continue }
            chosen[id.name] = offer
        }
        var offset = BaseMessage.firstCapabilityCode
        var entries: [Entry] = []
        for name in chosen.keys.sorted() {
            let offer = chosen[name]!
            entries.append(Entry(id: offer.id, offset: offset, length: UInt64(offer.messageCodeCount)))
            offset += UInt64(offer.messageCodeCount)
        }
        self.entries = entries
    }

    /// The capability owning wire code `code`, and the code relative to it.
    func lookup(wireCode code: UInt64) -> (entry: Entry, relative: UInt64)? {
        for entry in entries where code >= entry.offset && code < entry.offset + entry.length {
            return (entry, code - entry.offset)
        }
        return nil
    }

    func entry(for id: ProtocolID) -> Entry? { entries.first { $0.id == id } }
}
