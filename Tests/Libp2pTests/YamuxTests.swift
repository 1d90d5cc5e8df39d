import Primitives
import Testing
@testable import Libp2pCore

@Suite struct YamuxTests {
    @Test func headerLayout() throws {
        // DATA, SYN, stream 1, 5 bytes (hashicorp/yamux spec.md field order).
        let frame = YamuxFrame.data(1, Array("hello".utf8), flags: .syn)
        #expect(Hex.encode(frame.bytes) == "000000010000000100000005" + Hex.encode(Array("hello".utf8)))
        var buffer = frame.bytes + YamuxFrame(kind: .ping, flags: .syn, streamID: 0, length: 7).bytes
        #expect(try YamuxFrame.decode(&buffer, maximumData: 1 << 20) == frame)
        #expect(try YamuxFrame.decode(&buffer, maximumData: 1 << 20)?.kind == .ping)
        #expect(try YamuxFrame.decode(&buffer, maximumData: 1 << 20) == nil)
    }

    @Test func malformedFramesThrow() {
        var badVersion: [UInt8] = [1] + [UInt8](repeating: 0, count: 11)
        #expect(throws: YamuxError.badVersion(1)) { try YamuxFrame.decode(&badVersion, maximumData: 100) }
        var badType: [UInt8] = [0, 9] + [UInt8](repeating: 0, count: 10)
        #expect(throws: YamuxError.badType(9)) { try YamuxFrame.decode(&badType, maximumData: 100) }
        var oversize = YamuxFrame(kind: .data, streamID: 1, length: 1_000_000).bytes
        #expect(throws: YamuxError.self) { try YamuxFrame.decode(&oversize, maximumData: 262_144) }
    }

    @Test func openAckDataFinBothWays() throws {
        var dialer = YamuxSessionState(isDialer: true), listener = YamuxSessionState(isDialer: false)
        let (id, syn) = try dialer.openStream()
        #expect(id == 1)
        var (events, replies) = try listener.receive(syn)
        #expect(events == [.opened(1)] && replies.first?.flags == .ack)
        (events, _) = try dialer.receive(replies[0])
        #expect(events.isEmpty)
        (events, _) = try listener.receive(try dialer.send(1, [1, 2, 3]))
        #expect(events == [.data(1, [1, 2, 3])])
        let fin = dialer.close(1)
        (events, _) = try listener.receive(try #require(fin))
        #expect(events == [.remoteClosed(1)])
        // half-closed: the listener can still write back
        (events, _) = try dialer.receive(try listener.send(1, [9]))
        #expect(events == [.data(1, [9])])
        #expect(throws: YamuxError.streamClosed(1)) { try dialer.send(1, [1]) }
        let fin2 = listener.close(1)
        (events, _) = try dialer.receive(try #require(fin2))
        #expect(events == [.remoteClosed(1)])
        #expect(dialer.openStreamCount == 0 && listener.openStreamCount == 0)
        let (second, _) = try listener.openStream()
        #expect(second == 2)
    }

    @Test func windowsAreEnforcedAndReplenished() throws {
        var dialer = YamuxSessionState(isDialer: true), listener = YamuxSessionState(isDialer: false)
        let (id, syn) = try dialer.openStream()
        _ = try listener.receive(syn)
        let chunk = [UInt8](repeating: 7, count: Int(YamuxFrame.initialWindow))
        #expect(try dialer.sendable(id) == YamuxFrame.initialWindow)
        _ = try listener.receive(try dialer.send(id, chunk))
        #expect(try dialer.sendable(id) == 0)
        // One more byte beyond the window is a violation.
        #expect(throws: YamuxError.windowExceeded(streamID: id, length: 1, window: 0)) { try listener.receive(.data(id, [1])) }
        var fresh = YamuxSessionState(isDialer: false)
        _ = try fresh.receive(syn)
        _ = try fresh.receive(.data(id, chunk))
        let maybeUpdate = fresh.consumed(id, chunk.count)
        let update = try #require(maybeUpdate)
        #expect(update.kind == .windowUpdate && update.length == YamuxFrame.initialWindow)
        let (events, _) = try dialer.receive(update)
        #expect(events == [.sendWindowGrew(id)])
        #expect(try dialer.sendable(id) == YamuxFrame.initialWindow)
    }

    @Test func pingGoAwayResetAndFloods() throws {
        var listener = YamuxSessionState(isDialer: false, maximumInboundStreams: 2)
        var (events, replies) = try listener.receive(YamuxFrame(kind: .ping, flags: .syn, streamID: 0, length: 42))
        #expect(replies == [YamuxFrame(kind: .ping, flags: .ack, streamID: 0, length: 42)])
        (events, _) = try listener.receive(replies[0])
        #expect(events == [.pong(42)])
        _ = try listener.receive(YamuxFrame(kind: .windowUpdate, flags: .syn, streamID: 1, length: 0))
        _ = try listener.receive(YamuxFrame(kind: .windowUpdate, flags: .syn, streamID: 3, length: 0))
        (events, replies) = try listener.receive(YamuxFrame(kind: .windowUpdate, flags: .syn, streamID: 5, length: 0))
        #expect(events.isEmpty && replies.first?.flags == .rst)   // the third concurrent stream is refused
        // A dialer must use odd ids; an even SYN, or a reused id, is a protocol error.
        #expect(throws: YamuxError.badStreamID(4)) { try listener.receive(YamuxFrame(kind: .windowUpdate, flags: .syn, streamID: 4, length: 0)) }
        #expect(throws: YamuxError.badStreamID(1)) { try listener.receive(YamuxFrame(kind: .windowUpdate, flags: .syn, streamID: 1, length: 0)) }
        (events, _) = try listener.receive(YamuxFrame(kind: .windowUpdate, flags: .rst, streamID: 1, length: 0))
        #expect(events == [.reset(1)])
        (events, _) = try listener.receive(YamuxFrame(kind: .goAway, streamID: 0, length: 0))
        #expect(events == [.goAway(.normal)] && listener.goAwayReceived)
        #expect(throws: YamuxError.sessionClosed) { try listener.openStream() }
        #expect(throws: YamuxError.windowOverflow(3)) {
            try listener.receive(YamuxFrame(kind: .windowUpdate, streamID: 3, length: UInt32.max))
        }
    }
}

@Suite struct YamuxLargeWindowTests {
    /// A side granting more than 256 KiB says so in the SYN / ACK window update; the peer may then send that much.
    @Test func synAndAckCarryTheExtraWindow() throws {
        var dialer = YamuxSessionState(isDialer: true, receiveWindow: 1 << 20)
        var listener = YamuxSessionState(isDialer: false, receiveWindow: 1 << 20)
        let (id, syn) = try dialer.openStream()
        #expect(syn.flags == .syn && syn.length == (1 << 20) - YamuxFrame.initialWindow)
        let (_, replies) = try listener.receive(syn)
        #expect(try listener.sendable(id) == 1 << 20)
        #expect(replies.first?.flags == .ack && replies.first?.length == (1 << 20) - YamuxFrame.initialWindow)
        _ = try dialer.receive(replies[0])
        #expect(try dialer.sendable(id) == 1 << 20)
        _ = try listener.receive(try dialer.send(id, [UInt8](repeating: 0, count: 1 << 20)))
        #expect(throws: YamuxError.self) { try listener.receive(.data(id, [1])) }
        // A peer keeping the spec default still works with us: it simply never raises our send window.
        var plain = YamuxSessionState(isDialer: false)
        let (_, plainReplies) = try plain.receive(syn)
        #expect(plainReplies.first?.length == 0)
    }
}
