import Testing
@testable import ChatPayloads

@Suite("Lamport clock (wire-facts §5.6)")
struct ChatClockTests {
    @Test("first send uses now; later sends use now while time moves ahead")
    func followsTime() {
        var clock = ChatClock()
        #expect(clock.next(nowMs: 1000) == ClockTick(clock: 1000, timestampMs: 1000))
        #expect(clock.next(nowMs: 2000) == ClockTick(clock: 2000, timestampMs: 2000))
        #expect(clock.last == 2000)
    }

    @Test("same or earlier now → last + 1, timestamp stays the wall clock")
    func monotonic() {
        var clock = ChatClock()
        _ = clock.next(nowMs: 1000)
        #expect(clock.next(nowMs: 1000) == ClockTick(clock: 1001, timestampMs: 1000))
        #expect(clock.next(nowMs: 900) == ClockTick(clock: 1002, timestampMs: 900))
    }

    @Test("receiving a higher clock moves ours ahead; a lower one does not move it back")
    func observe() {
        var clock = ChatClock()
        _ = clock.next(nowMs: 1000)
        clock.observe(5000)
        #expect(clock.last == 5000)
        clock.observe(10)
        #expect(clock.last == 5000)
        #expect(clock.next(nowMs: 2000).clock == 5001)
        #expect(clock.next(nowMs: 9000).clock == 9000)
    }

    @Test("a received UInt64.max saturates instead of trapping")
    func saturates() {
        var clock = ChatClock(last: 7)
        clock.observe(.max)
        #expect(clock.next(nowMs: 1).clock == .max)
        #expect(clock.next(nowMs: 1).clock == .max)
    }
}
