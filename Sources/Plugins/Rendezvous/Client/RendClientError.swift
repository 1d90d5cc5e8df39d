/// Why a client request failed; each is a counted drop reason, and the hostile ones a penalty on the server.
public enum RendClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case timedOut(seconds: Double)
    case closed
    case unexpectedResponse(expected: RendMessageType, got: UInt64)
    case malformedResponse(String)
    case refused(RendStatus, String)
    /// A `/rendezvous/1.0.0` point's non-OK status.
    case refusedByPoint(RendezvousV1Status, String)
    case tooManyRecords(Int, limit: UInt64)

    public var description: String {
        switch self {
        case .timedOut(let s): return "the rendezvous server did not answer within \(s) s"
        case .closed: return "the rendezvous server closed the stream"
        case .unexpectedResponse(let expected, let got): return "expected a \(expected) response, got type \(got)"
        case .malformedResponse(let why): return "malformed response: \(why)"
        case .refused(let status, let text): return "the server answered \(status)\(text.isEmpty ? "" : ": \(text)")"
        case .refusedByPoint(let status, let text): return "the rendezvous point answered \(status)\(text.isEmpty ? "" : ": \(text)")"
        case .tooManyRecords(let n, let limit): return "the server returned \(n) records for a limit of \(limit)"
        }
    }

    var drop: RendClientDrop {
        switch self {
        case .timedOut: return .timeout
        case .closed: return .closed
        case .unexpectedResponse, .malformedResponse, .tooManyRecords: return .malformedResponse
        case .refused, .refusedByPoint: return .refused
        }
    }
}

/// Counted client-side drop reasons.
public enum RendClientDrop: String, Sendable, CaseIterable {
    case timeout, closed, refused
    case malformedResponse = "malformed-response"
}
