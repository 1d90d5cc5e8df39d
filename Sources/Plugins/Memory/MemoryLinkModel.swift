import Kernel

/// What the memory transport asks before it hands a message to the other side of a connection.
///
/// Exists so a simulation can put a network between in-process nodes (latency, jitter, loss,
/// bandwidth) without a second transport: a switchboard made with a link model routes every message
/// through it. A switchboard without one delivers at once, as the memory transport always has.
public protocol MemoryLinkModel: Sendable {
    /// Carries one message of `bytes` bytes from endpoint `from` to endpoint `to`. The model calls
    /// `deliver` (now or later) to put the message in the receiver's inbox, or never to lose it.
    func carry(bytes: Int, from: String, to: String, fingerprint: UInt64, deliver: @escaping @Sendable () -> Void)
    /// Called each time a receiver takes a message out of its inbox (a simulation counts these to
    /// know when the network has gone quiet).
    func consumed()
    /// Called when a receiver that took a message asks for the next one (or its connection closed):
    /// it is done with the message it took, so `consumed() - finished()` receivers are still busy.
    func finished()
    /// Called when a carried message could not be put in an inbox (its connection closed meanwhile):
    /// it will never be taken, so a simulation stops waiting for it.
    func discarded()
    /// Returns when a connection from `from` to `to` is set up (a simulation waits a round trip of the
    /// link, so connections are made at a definite virtual time rather than while the dialer starts).
    func connect(from: String, to: String) async
}

extension MemoryLinkModel {
    /// No set-up delay.
    public func connect(from: String, to: String) async {}
}

/// FNV-1a over a message's code and payload: lets a link model decide a message's fate from what
/// it is rather than from the order messages happen to be sent in.
func memoryFingerprint(_ message: FramedMessage) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ message.code
    for byte in message.payload {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01b3
    }
    return hash
}
