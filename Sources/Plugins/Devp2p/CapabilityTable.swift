import Kernel

/// Maps negotiated capabilities to their message-code ranges (wire-facts §1.5): shared = same name and
/// version; sorted by name; the highest shared version of a name wins; offsets start at 0x10 and
/// advance by each matched protocol's length.
struct CapabilityTable: Equatable {
    struct Entry: Equatable {
        let id: ProtocolID
        let offset: UInt64
        let length: UInt64
        /// Largest message payload the capability accepts (nil: the transport's `max-frame-bytes`).
        var maximumMessageSize: Int? = nil
    }

    let entries: [Entry]

    init(local: [ProtocolOffer], remote: [CapabilityAnnouncement]) {
        let shared = ProtocolOffer.shared(local: local, remote: remote.map { ProtocolID(name: $0.name, version: $0.version) })
        var offset = BaseMessage.firstCapabilityCode
        var entries: [Entry] = []
        for offer in shared {
            entries.append(Entry(id: offer.id, offset: offset, length: UInt64(offer.messageCodeCount),
                                 maximumMessageSize: offer.maximumMessageSize))
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
