/// Kademlia distance on 32-byte node ids: `logdist(a, b)` = bit length of `a XOR b` (0 when equal, 1…256).
public enum NodeDistance {
    public static func log(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for i in 0..<min(a.count, b.count) {
            let x = a[i] ^ b[i]
            if x != 0 { return (min(a.count, b.count) - i) * 8 - x.leadingZeroBitCount }
        }
        return 0
    }

    /// Whether `a` is closer to `target` than `b` (XOR metric).
    public static func closer(_ a: [UInt8], than b: [UInt8], to target: [UInt8]) -> Bool {
        for i in 0..<min(target.count, a.count, b.count) {
            let da = a[i] ^ target[i], db = b[i] ^ target[i]
            if da != db { return da < db }
        }
        return false
    }
}
