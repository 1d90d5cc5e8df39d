/// Holds a stream to a configured rendezvous server that the profile's other flavour would use, until the plugin
/// stops. The kernel keeps a stopped handler's streams for its successor, so after `parley ctl apply` swaps the
/// client between `/rend/0.1.0` and `/rendezvous/1.0.0` the new client starts on a stream opened when the server
/// was first dialled, and the connection stays up.
enum RendStreamParking {
    /// Returns when the serving task is cancelled.
    static func park() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        await withTaskCancellationHandler {
            for await _ in stream {}
        } onCancel: {
            continuation.finish()
        }
    }
}
