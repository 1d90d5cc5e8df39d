import Primitives
import Testing
@testable import Libp2pCore

@Suite struct MplexTests {
    @Test func frameLayout() throws {
        // stream 17, MessageInitiator (2): header varint 17 << 3 | 2 = 138 = 0x8a 0x01; length 3.
        let frame = MplexFrame(streamID: 17, flag: .messageInitiator, data: [1, 2, 3])
        #expect(Hex.encode(frame.bytes) == "8a0103010203")
        var buffer = frame.bytes + MplexFrame(streamID: 0, flag: .newStream, data: Array("0".utf8)).bytes
        #expect(try MplexFrame.decode(&buffer) == frame)
        #expect(try MplexFrame.decode(&buffer)?.flag == .newStream)
        #expect(buffer.isEmpty)
        let whole = frame.bytes
        for cut in 0..<whole.count {
            var partial = Array(whole[..<cut])
            #expect(try MplexFrame.decode(&partial) == nil)
        }
    }

    @Test func malformedFramesThrow() {
        var badFlag: [UInt8] = [0x07, 0x00]
        #expect(throws: MplexError.unknownFlag(7)) { try MplexFrame.decode(&badFlag) }
        var oversize: [UInt8] = [0x02, 0x81, 0x80, 0x40]   // 1 MiB + 1
        #expect(throws: MplexError.frameTooLarge((1 << 20) + 1)) { try MplexFrame.decode(&oversize) }
        var badVarint = [UInt8](repeating: 0xff, count: 11)
        #expect(throws: MplexError.malformedHeader) { try MplexFrame.decode(&badVarint) }
    }

    @Test func bothSidesMayUseTheSameNumber() throws {
        var a = MplexSessionState(), b = MplexSessionState()
        let (keyA, newA) = a.openStream()
        let (keyB, newB) = b.openStream()
        #expect(keyA.id == 0 && keyB.id == 0)
        #expect(try b.receive(newA).events == [.opened(.init(id: 0, openedLocally: false))])
        #expect(try a.receive(newB).events == [.opened(.init(id: 0, openedLocally: false))])
        // a writes on the stream it opened; b sees it on the remote-opened key, not its own stream 0
        let toB = try #require(a.send(keyA, [9]))
        #expect(try b.receive(toB).events == [.data(.init(id: 0, openedLocally: false), [9])])
        let reply = try #require(b.send(.init(id: 0, openedLocally: false), [8]))
        #expect(reply.flag == .messageReceiver)
        #expect(try a.receive(reply).events == [.data(keyA, [8])])
    }

    @Test func halfCloseResetDuplicateAndFlood() throws {
        var listener = MplexSessionState(maximumInboundStreams: 1)
        var dialer = MplexSessionState()
        let (key, open) = dialer.openStream()
        _ = try listener.receive(open)
        let maybeFin = dialer.close(key)
        let fin = try #require(maybeFin)
        let remote = MplexSessionState.StreamKey(id: 0, openedLocally: false)
        #expect(try listener.receive(fin).events == [.remoteClosed(remote)])
        #expect(listener.send(remote, [1]) != nil)   // half-closed: the listener may still write
        #expect(dialer.send(key, [1]) == nil)
        #expect(throws: MplexError.duplicateStream(0)) { try listener.receive(open) }
        let (_, second) = dialer.openStream()
        let refused = try listener.receive(second)
        #expect(refused.events.isEmpty && refused.replies.first?.flag == .resetReceiver)
        let rst = dialer.reset(key)
        #expect(try listener.receive(rst).events == [.reset(remote)])
        #expect(listener.openStreamCount == 0)
    }
}
