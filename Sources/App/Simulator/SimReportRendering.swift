import Foundation

extension SimReport {
    /// The report as JSON with sorted keys: the bytes the determinism test compares.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }

    /// The report as a table a person reads in a terminal.
    public func table(host: SimHostStats? = nil) -> String {
        var out: [String] = []
        func f(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }
        func kb(_ v: Double) -> String { String(format: "%.1f KiB", v / 1024) }
        out.append("scenario \(scenario)  seed \(seed)  nodes \(nodes)  simulated \(f(simulatedSeconds, 0)) s  messages \(messages)")
        out.append("delivery to online subscribers  \(f(deliveryRatio * 100, 2)) %  (worst message \(f(minimumMessageDeliveryRatio * 100, 1)) %)")
        let l = latencyMilliseconds
        out.append("latency ms                      p50 \(f(l.p50))  p95 \(f(l.p95))  p99 \(f(l.p99))  max \(f(l.max))  (\(l.count) arrivals)")
        out.append("amplification                   \(f(amplification, 2)) × (waku bytes sent ÷ payload × receivers)")
        out.append("store coverage after offline    \(storeCoverage.map { f($0 * 100, 1) + " %" } ?? "n/a")  (\(returningNodes) returning nodes)")
        out.append("link messages lost              \(messagesLost)")
        out.append("")
        out.append("group        profile     discovery  relay      nodes  delivery  in/min      out/min     dup/node  to-target p50/p95 s  never")
        for g in groups {
            out.append([g.name.padding(12), g.profile.padding(11), g.discovery.padding(10), g.relay.padding(10), "\(g.nodes)".padding(6),
                        (f(g.deliveryRatio * 100, 1) + "%").padding(9), kb(g.perMinuteTotal.bytesIn).padding(11),
                        kb(g.perMinuteTotal.bytesOut).padding(11), f(g.duplicatesPerNode).padding(9),
                        "\(f(g.timeToTargetPeers.p50))/\(f(g.timeToTargetPeers.p95))".padding(20), "\(g.neverReachedTarget)"].joined(separator: " "))
            for (key, bytes) in g.perMinuteByProtocol.sorted(by: { $0.key < $1.key }) {
                out.append("    protocol \(key.padding(20)) in \(kb(bytes.bytesIn).padding(11)) out \(kb(bytes.bytesOut))")
            }
            for (key, bytes) in g.perMinuteBySource.sorted(by: { $0.key < $1.key }) {
                out.append("    source   \(key.padding(20)) in \(kb(bytes.bytesIn).padding(11)) out \(kb(bytes.bytesOut))")
            }
        }
        if let host {
            out.append("")
            out.append("host: wall \(f(host.wallSeconds)) s (start-up \(f(host.startupWallSeconds)) s), \(f(host.wallSecondsPerSimulatedMinute, 2)) s per simulated minute, memory \(f(host.residentBytesPerNode / 1024, 0)) KiB per node")
            if host.settleTimeouts > 0 {
                out.append("warning: \(host.settleTimeouts) steps moved the clock with work still pending; this run may not repeat exactly")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// Hand-written SVG plots of a report: no plotting dependency, and the same report draws the same bytes.
public enum SimPlots {
    static let width = 640.0, height = 360.0, left = 60.0, right = 20.0, top = 30.0, bottom = 50.0

    /// Latency CDF: fraction of arrivals within x ms.
    public static func latencyCDF(_ report: SimReport) -> String {
        let points = report.latencyCDF
        let maxX = max(1, points.last ?? 1)
        var path: [String] = []
        for (i, x) in points.enumerated() {
            let y = points.count == 1 ? 1 : Double(i) / Double(points.count - 1)
            path.append("\(i == 0 ? "M" : "L")\(fx(x / maxX)),\(fy(y))")
        }
        return frame(title: "\(report.scenario): latency CDF (\(report.latencyMilliseconds.count) arrivals)",
                     xLabel: "latency (ms), max \(fmt(maxX))", yLabel: "fraction ≤ x",
                     body: "<path d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>",
                     xTicks: (0...4).map { (Double($0) / 4, fmt(maxX * Double($0) / 4)) })
    }

    /// Histogram of bytes sent per node over the run.
    public static func bandwidthHistogram(_ report: SimReport) -> String {
        let values = report.bytesOutPerNode
        let maxV = max(1, values.max() ?? 1)
        let bins = 20
        var counts = [Int](repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, Int(v / maxV * Double(bins)))] += 1 }
        let maxC = Double(max(1, counts.max() ?? 1))
        var bars: [String] = []
        for (i, c) in counts.enumerated() where c > 0 {
            let x0 = fx(Double(i) / Double(bins)), x1 = fx(Double(i + 1) / Double(bins))
            let y = fy(Double(c) / maxC)
            bars.append("<rect x=\"\(fmt(x0))\" y=\"\(fmt(y))\" width=\"\(fmt(x1 - x0 - 1))\" height=\"\(fmt(fy(0) - y))\" fill=\"#ff7f0e\"><title>\(c) nodes</title></rect>")
        }
        return frame(title: "\(report.scenario): bytes sent per node (\(values.count) nodes)",
                     xLabel: "KiB sent over the run, max \(fmt(maxV / 1024))", yLabel: "nodes (max \(Int(maxC)))",
                     body: bars.joined(separator: "\n"),
                     xTicks: (0...4).map { (Double($0) / 4, fmt(maxV / 1024 * Double($0) / 4)) })
    }

    /// Delivery ratio and online nodes over time.
    public static func deliveryOverTime(_ report: SimReport) -> String {
        let buckets = report.deliveryOverTime
        guard let first = buckets.first, let last = buckets.last else { return frame(title: "no traffic", xLabel: "", yLabel: "", body: "", xTicks: []) }
        let span = max(1, last.start - first.start + (buckets.count > 1 ? buckets[1].start - first.start : 1))
        func x(_ t: Double) -> Double { fx((t - first.start) / span) }
        let delivery = buckets.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(fmt(x($0.element.start))),\(fmt(fy($0.element.deliveryRatio)))" }
        let online = buckets.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(fmt(x($0.element.start))),\(fmt(fy(Double($0.element.onlineNodes) / Double(max(1, report.nodes)))))" }
        let body = """
            <path d="\(delivery.joined(separator: " "))" fill="none" stroke="#2ca02c" stroke-width="2"/>
            <path d="\(online.joined(separator: " "))" fill="none" stroke="#7f7f7f" stroke-width="1.5" stroke-dasharray="5,3"/>
            <text x="\(fmt(width - right - 200))" y="\(fmt(top + 16))" font-size="11" fill="#2ca02c">delivery ratio</text>
            <text x="\(fmt(width - right - 200))" y="\(fmt(top + 30))" font-size="11" fill="#7f7f7f">fraction of nodes online</text>
            """
        return frame(title: "\(report.scenario): delivery over time", xLabel: "simulated time (s)", yLabel: "ratio",
                     body: body, xTicks: (0...4).map { (Double($0) / 4, fmt(first.start + span * Double($0) / 4)) })
    }

    static func fx(_ unit: Double) -> Double { left + unit * (width - left - right) }
    static func fy(_ unit: Double) -> Double { height - bottom - unit * (height - top - bottom) }
    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    static func frame(title: String, xLabel: String, yLabel: String, body: String, xTicks: [(Double, String)]) -> String {
        var ticks: [String] = []
        for (u, label) in xTicks {
            ticks.append("<text x=\"\(fmt(fx(u)))\" y=\"\(fmt(height - bottom + 16))\" font-size=\"10\" text-anchor=\"middle\">\(label)</text>")
        }
        for i in 0...4 {
            let u = Double(i) / 4
            ticks.append("<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(fy(u)))\" y2=\"\(fmt(fy(u)))\" stroke=\"#ddd\"/>")
            ticks.append("<text x=\"\(fmt(left - 6))\" y=\"\(fmt(fy(u) + 3))\" font-size=\"10\" text-anchor=\"end\">\(fmt(u))</text>")
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(fmt(width / 2))" y="18" font-size="13" text-anchor="middle">\(escape(title))</text>
            \(ticks.joined(separator: "\n"))
            <line x1="\(fmt(left))" y1="\(fmt(fy(0)))" x2="\(fmt(width - right))" y2="\(fmt(fy(0)))" stroke="black"/>
            <line x1="\(fmt(left))" y1="\(fmt(fy(0)))" x2="\(fmt(left))" y2="\(fmt(fy(1)))" stroke="black"/>
            <text x="\(fmt(width / 2))" y="\(fmt(height - 12))" font-size="11" text-anchor="middle">\(escape(xLabel))</text>
            <text x="14" y="\(fmt(height / 2))" font-size="11" text-anchor="middle" transform="rotate(-90 14 \(fmt(height / 2)))">\(escape(yLabel))</text>
            \(body)
            </svg>

            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Writes report.json, report.txt and the three plots into `directory`.
    public static func write(_ report: SimReport, host: SimHostStats?, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ name: String) -> URL { URL(fileURLWithPath: directory).appendingPathComponent(name) }
        try report.json().write(to: path("report.json"))
        try report.table(host: host).write(to: path("report.txt"), atomically: true, encoding: .utf8)
        if let host {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(host).write(to: path("host.json"))
        }
        try latencyCDF(report).write(to: path("latency-cdf.svg"), atomically: true, encoding: .utf8)
        try bandwidthHistogram(report).write(to: path("bandwidth-per-node.svg"), atomically: true, encoding: .utf8)
        try deliveryOverTime(report).write(to: path("delivery-over-time.svg"), atomically: true, encoding: .utf8)
    }
}
