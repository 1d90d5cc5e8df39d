import Primitives

/// Why multistream-select negotiation failed.
public enum MultistreamError: Error, Equatable, Sendable, CustomStringConvertible {
    case lineTooLong(Int)
    case missingNewline
    case notUTF8
    case badVarint
    case unexpectedHeader(String)
    case unsupported([String])
    case unexpectedResponse(proposed: String, got: String)

    public var description: String {
        switch self {
        case .lineTooLong(let n): return "multistream message of \(n) bytes exceeds \(Multistream.maximumMessage)"
        case .missingNewline: return "multistream message does not end in '\\n'"
        case .notUTF8: return "multistream message is not UTF-8"
        case .badVarint: return "multistream length prefix is not a valid varint"
        case .unexpectedHeader(let line): return "expected '\(Multistream.header)', got '\(line.prefix(64))'"
        case .unsupported(let tried): return "the peer supports none of \(tried.joined(separator: ", "))"
        case .unexpectedResponse(let proposed, let got): return "proposed '\(proposed)' but the peer answered '\(got.prefix(64))'"
        }
    }
}

/// multistream-select 1.0 (`/multistream/1.0.0`) messages: `uvarint(len(msg) + 1) ‖ msg ‖ "\n"`.
/// The dialer proposes protocols in preference order; the listener echoes the one it takes or answers
/// `na`; `ls` asks the listener for its list.
public enum Multistream {
    public static let header = "/multistream/1.0.0"
    public static let notAvailable = "na"
    public static let list = "ls"
    /// Longest message accepted (go-multistream's limit).
    public static let maximumMessage = 1024

    public static func encode(_ message: String) -> [UInt8] {
        let body = Array(message.utf8) + [0x0a]
        return UVarint.encode(UInt64(body.count)) + body
    }

    /// The `ls` answer: one message whose body is the delimited protocol list.
    public static func encodeList(_ protocols: [String]) -> [UInt8] {
        let inner = protocols.flatMap { encode($0) }
        return UVarint.encode(UInt64(inner.count + 1)) + inner + [0x0a]
    }

    /// Takes one message (without its newline) off the front of `buffer`; nil if more bytes are needed.
    public static func decode(_ buffer: inout [UInt8], limit: Int = maximumMessage) throws -> String? {
        let length: UInt64, used: Int
        do {
            (length, used) = try UVarint.decode(buffer)
        } catch UVarintError.truncated {
            guard buffer.count < UVarint.maxLength else { throw MultistreamError.badVarint }
            return nil
        } catch {
            throw MultistreamError.badVarint
        }
        guard length <= UInt64(limit) else { throw MultistreamError.lineTooLong(Int(clamping: length)) }
        guard length >= 1 else { throw MultistreamError.missingNewline }
        guard buffer.count >= used + Int(length) else { return nil }
        let body = Array(buffer[used..<used + Int(length)])
        buffer.removeFirst(used + Int(length))
        guard body.last == 0x0a else { throw MultistreamError.missingNewline }
        guard let text = String(validating: body.dropLast(), as: UTF8.self) else { throw MultistreamError.notUTF8 }
        return text
    }

    /// Splits an `ls` answer body back into protocol ids.
    public static func decodeList(_ body: String) throws -> [String] {
        var bytes = Array(body.utf8) + [0x0a]   // the outer newline was stripped by `decode`
        var out: [String] = []
        while bytes.count > 1, let item = try decode(&bytes) { out.append(item) }
        return out
    }
}
