/// A request waiting for its answer: NODES may come in several messages (`total`), everything else in one.
struct PendingRequest {
    let node: NodeAddress
    let continuation: CheckedContinuation<[Discv5Message], any Error>
    let timer: Task<Void, Never>
    var responses: [Discv5Message] = []
    var recordCount = 0
}
