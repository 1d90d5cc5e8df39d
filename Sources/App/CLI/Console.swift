import Foundation

/// Unbuffered line output, so narration and status lines appear at once even when stdout is a pipe.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
