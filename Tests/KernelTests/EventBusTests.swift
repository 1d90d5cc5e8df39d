import Kernel
import Testing

struct Tick: NodeEvent, Equatable { let n: Int }
struct Tock: NodeEvent { let n: Int }

@Suite struct EventBusTests {
    @Test func deliversTypedEventsOnlyToTheirSubscribers() async {
        let bus = EventBus()
        let ticks = bus.subscribe(Tick.self)
        let tocks = bus.subscribe(Tock.self)
        bus.publish(Tick(n: 1))
        bus.publish(Tock(n: 2))
        var tickIterator = ticks.makeAsyncIterator()
        var tockIterator = tocks.makeAsyncIterator()
        #expect(await tickIterator.next() == Tick(n: 1))
        #expect(await tockIterator.next()?.n == 2)
    }

    @Test func aSlowSubscriberLosesTheOldestEventsAndTheyAreCounted() async {
        let bus = EventBus()
        let slow = bus.subscribe(Tick.self, bufferSize: 3)
        for n in 1...10 { bus.publish(Tick(n: n)) }   // never blocks the publisher
        #expect(bus.droppedEvents == 7)
        var iterator = slow.makeAsyncIterator()
        #expect(await iterator.next() == Tick(n: 8))
        #expect(await iterator.next() == Tick(n: 9))
        #expect(await iterator.next() == Tick(n: 10))
    }

    @Test func publishingWithoutSubscribersIsANoOp() {
        let bus = EventBus()
        bus.publish(Tick(n: 1))
        #expect(bus.droppedEvents == 0)
    }
}
