import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A tiny HTTP client for the `api` plugin tests (real HTTP over loopback, URLSession).
struct ApiHTTP {
    let base: String
    var token: String?

    struct Reply {
        let status: Int
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    }

    func request(_ method: String, _ path: String, body: Data? = nil, token: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 30
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let bearer = token ?? self.token { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }

    func post(_ text: String) async throws -> Reply { try await request("POST", "/", body: Data(text.utf8)) }

    /// Calls `method` and returns the whole response object.
    func call(_ method: String, _ params: Any? = nil, id: Int = 1) async throws -> [String: Any] {
        var object: [String: Any] = ["jsonrpc": "2.0", "method": method, "id": id]
        if let params { object["params"] = params }
        let reply = try await request("POST", "/", body: try JSONSerialization.data(withJSONObject: object))
        return reply.json as? [String: Any] ?? ["unparsed": reply.text, "status": reply.status]
    }

    /// The `error.code` of a response, if it is an error.
    static func errorCode(_ response: [String: Any]) -> Int? { (response["error"] as? [String: Any])?["code"] as? Int }

    /// The value of one series in Prometheus text (`name{labels}` exactly as emitted, or a bare name).
    static func metric(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).split(separator: " ")[0])
        }
        return nil
    }

    /// Waits for the api plugin to write its endpoint file under `dataDir`.
    static func endpoint(dataDir: String, node: Process) async throws -> String {
        let file = dataDir + "/plugins/api/endpoint"
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline && node.isRunning {
            if let text = try? String(contentsOfFile: file, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ApiTestFailure.noEndpoint(file)
    }
}

enum ApiTestFailure: Error {
    case noEndpoint(String)
    case timedOut(String)
}

/// A raw loopback TCP client for the slow-client test (sends part of a request, then waits).
enum RawTCP {
    /// Connects to 127.0.0.1:`port`, sends `bytes`, and returns how many seconds until the server
    /// closed the connection (nil if it was still open after `limit` seconds).
    static func secondsUntilClosed(port: UInt16, sending bytes: String, limit: Int) -> Double? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var timeout = timeval(tv_sec: limit, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = Array(bytes.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        let start = ContinuousClock.now
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received == 0 || (received < 0 && errno != EINTR && errno != EAGAIN) {
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
            if received < 0 { return nil }   // SO_RCVTIMEO expired: still open
        }
    }
}
