import Kernel

/// A chat message arrived (or was sent by this node): what a notifier shows.
public struct ChatMessageEvent: NodeEvent, Equatable {
    public let message: ChatMessageView
    public let incoming: Bool
}

/// One step of a message's life, layer by layer, for the demo's narration and for debugging.
public struct MessageTrace: NodeEvent, Equatable {
    /// Which layer spoke: `contact`, `x3dh`, `ratchet`, `topic`, `mvds`, `envelope`, `history`, `chat`.
    public let layer: String
    public let text: String
    public init(_ layer: String, _ text: String) {
        self.layer = layer
        self.text = text
    }
}
