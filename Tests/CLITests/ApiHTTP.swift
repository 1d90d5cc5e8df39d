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
