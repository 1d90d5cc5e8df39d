import CPNG
import Foundation

/// PNG encoding and decoding of 8-bit RGBA images through libpng's simplified API
/// (`png_image_write_to_memory`, `png_image_begin_read_from_memory`) — no hand-written encoder.
public enum PNGImage {
    /// Encodes `width × height` RGBA pixels (row-major, 4 bytes each) as a PNG file.
    public static func encodeRGBA(_ pixels: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        guard width > 0, height > 0, width <= 1 << 14, height <= 1 << 14 else { throw PNGError.invalidSize(width: width, height: height) }
        guard pixels.count == width * height * 4 else { throw PNGError.pixelCountMismatch(expected: width * height * 4, actual: pixels.count) }
        var image = png_image()
        image.version = parley_png_image_version()
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = parley_png_format_rgba()
        var size: png_alloc_size_t = 0
        // First call measures, second writes.
        guard png_image_write_to_memory(&image, nil, &size, 0, pixels, 0, nil) != 0, size > 0 else {
            throw PNGError.libpng(message(of: &image))
        }
        var out = [UInt8](repeating: 0, count: Int(size))
        let written = out.withUnsafeMutableBytes { buffer in
            png_image_write_to_memory(&image, buffer.baseAddress, &size, 0, pixels, 0, nil)
        }
        guard written != 0 else { throw PNGError.libpng(message(of: &image)) }
        png_image_free(&image)
        return Array(out.prefix(Int(size)))
    }

    /// Decodes a PNG into 8-bit RGBA pixels (for checks and tests). Images above 16 384² are refused.
    public static func decodeRGBA(_ png: [UInt8]) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        guard !png.isEmpty else { throw PNGError.libpng("empty input") }
        var image = png_image()
        image.version = parley_png_image_version()
        let begun = png.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw PNGError.libpng(message(of: &image)) }
        defer { png_image_free(&image) }
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0, width <= 1 << 14, height <= 1 << 14 else {
            throw PNGError.invalidSize(width: width, height: height)
        }
        image.format = parley_png_format_rgba()
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard finished != 0 else { throw PNGError.libpng(message(of: &image)) }
        return (width, height, pixels)
    }

    private static func message(of image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

/// Why an image could not be encoded or decoded.
public enum PNGError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidSize(width: Int, height: Int)
    case pixelCountMismatch(expected: Int, actual: Int)
    case libpng(String)

    public var description: String {
        switch self {
        case .invalidSize(let width, let height): return "image size \(width)×\(height) is out of range (1…16384 per side)"
        case .pixelCountMismatch(let expected, let actual): return "RGBA buffer has \(actual) bytes; \(expected) expected"
        case .libpng(let message): return "libpng: \(message)"
        }
    }
}

extension Identicon {
    /// The identicon as a 50×50 PNG file.
    public func pngData() throws -> [UInt8] {
        try PNGImage.encodeRGBA(rgbaPixels(), width: Identicon.imageSize, height: Identicon.imageSize)
    }

    /// `data:image/png;base64,…`, as status-go returns it.
    public func pngDataURI() throws -> String {
        "data:image/png;base64," + Data(try pngData()).base64EncodedString()
    }
}
