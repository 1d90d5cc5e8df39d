import Testing
@testable import ChatPayloads

@Suite("Media type sniffing (wire-facts §5.8)")
struct MediaSnifferTests {
    @Test("each magic, minimal lengths")
    func magics() {
        #expect(MediaSniffer.sniff([0xff, 0xd8, 0xff]) == .image(.jpeg))
        #expect(MediaSniffer.sniff([0x89, 0x50, 0x4e, 0x47]) == .image(.png))
        #expect(MediaSniffer.sniff([0x47, 0x49, 0x46]) == .image(.gif))
        #expect(MediaSniffer.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBP".utf8)) == .image(.webp))
        #expect(MediaSniffer.sniff([0xff, 0xf1]) == .audio(.aac))
        #expect(MediaSniffer.sniff([0xff, 0xf9]) == .audio(.aac))
        #expect(MediaSniffer.sniff(Array("#!AMR\n".utf8) + [UInt8](repeating: 0, count: 6)) == .audio(.amr))
    }

    @Test("too short for the magic → unknown")
    func tooShort() {
        #expect(MediaSniffer.sniff([]) == .unknown)
        #expect(MediaSniffer.sniff([0xff, 0xd8]) == .unknown)
        #expect(MediaSniffer.sniff([0x89, 0x50, 0x4e]) == .unknown)
        #expect(MediaSniffer.sniff([0x47, 0x49]) == .unknown)
        #expect(MediaSniffer.sniff([0xff]) == .unknown)
        #expect(MediaSniffer.sniff([0xff, 0xf2]) == .unknown)
    }

    @Test("WEBP is matched at offset 8 only, RIFF not checked, 12 bytes needed")
    func webpOffset() {
        #expect(MediaSniffer.imageType(of: [UInt8](repeating: 0, count: 8) + Array("WEBP".utf8)) == .webp)
        #expect(MediaSniffer.imageType(of: [UInt8](repeating: 0, count: 8) + Array("WEBP".utf8) + [1, 2]) == .webp)
        #expect(MediaSniffer.imageType(of: [UInt8](repeating: 0, count: 7) + Array("WEBP".utf8)) == .unknownImageType)
        #expect(MediaSniffer.imageType(of: [UInt8](repeating: 0, count: 9) + Array("WEBP".utf8)) == .unknownImageType)
        #expect(MediaSniffer.imageType(of: [UInt8](repeating: 0, count: 8) + Array("WEB".utf8)) == .unknownImageType)
    }

    @Test("AMR quirk: the 6-byte magic is only recognised in buffers of at least 12 bytes")
    func amrLengthQuirk() {
        let magic = Array("#!AMR\n".utf8)
        #expect(MediaSniffer.audioType(of: magic) == .unknownAudioType)
        #expect(MediaSniffer.audioType(of: magic + [0, 0, 0, 0, 0]) == .unknownAudioType) // 11 bytes
        #expect(MediaSniffer.audioType(of: magic + [0, 0, 0, 0, 0, 0]) == .amr) // 12 bytes
        #expect(MediaSniffer.audioType(of: Array("#!AMR-WB\n...".utf8)) == .unknownAudioType)
    }

    @Test("order: first match wins (JPEG before AAC for ff d8 ff; a WEBP tag after a PNG magic is PNG)")
    func order() {
        var png = [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0] as [UInt8]
        png += Array("WEBP".utf8)
        #expect(MediaSniffer.sniff(png) == .image(.png))
        // ff f1 … with "WEBP" at 8 → WEBP (images are checked before audio)
        #expect(MediaSniffer.sniff([0xff, 0xf1, 0, 0, 0, 0, 0, 0] + Array("WEBP".utf8)) == .image(.webp))
        #expect(MediaSniffer.imageType(of: [0xff, 0xf1]) == .unknownImageType)
        #expect(MediaSniffer.audioType(of: [0xff, 0xd8, 0xff]) == .unknownAudioType)
    }
}
