import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Talks to a running node over its control socket (plain POSIX: one request, one answer).
public enum ControlClient {
    /// Sends `request` and waits (up to `timeoutSeconds`) for the answer line.
    public static func send(_ request: ControlRequest, path: String, timeoutSeconds: Int = 60) throws -> ControlResponse {
        var body = try JSONEncoder.control.encode(request)
        body.append(UInt8(ascii: "\n"))
        let answer = try exchange(Array(body), path: path, timeoutSeconds: timeoutSeconds)
        do {
            return try JSONDecoder().decode(ControlResponse.self, from: Data(answer))
        } catch {
            throw ControlError.badResponse(String(decoding: answer, as: UTF8.self))
        }
    }

    /// Sends raw bytes and returns the first answer line (used by tests to send garbage).
    public static func exchange(_ bytes: [UInt8], path: String, timeoutSeconds: Int = 60) throws -> [UInt8] {
        let fd = try connect(path: path)
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw ControlError.socketFailure(path: path, reason: String(cString: strerror(errno))) }
            offset += sent
        }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !answer.contains(UInt8(ascii: "\n")) {
            let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received == 0 { break }
            guard received > 0 else { throw ControlError.socketFailure(path: path, reason: String(cString: strerror(errno))) }
            answer.append(contentsOf: chunk[..<received])
        }
        if let newline = answer.firstIndex(of: UInt8(ascii: "\n")) { answer.removeSubrange(newline...) }
        return answer
    }

    /// True when a node answers on `path` (used to tell a stale socket file from a live node).
    public static func isListening(path: String) -> Bool {
        guard let fd = try? connect(path: path) else { return false }
        close(fd)
        return true
    }

    private static func connect(path: String) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            throw ControlError.socketFailure(path: path, reason: "path longer than \(capacity - 1) bytes; use a shorter --data-dir")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ControlError.socketFailure(path: path, reason: String(cString: strerror(errno))) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            if code == ENOENT || code == ECONNREFUSED { throw ControlError.noNode(path: path) }
            throw ControlError.socketFailure(path: path, reason: String(cString: strerror(code)))
        }
        return fd
    }
}
