import Primitives

func hex(_ text: String) -> [UInt8] {
    let clean = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
    return try! Hex.decode(clean)
}
