// Bytes read from a file as text: UTF-8, or the place of the first byte that is not, so that the
// error about a script, an import or a data file can point at it (line, column, the line itself).
import SFNSyntax

enum UTF8Text {
    /// The first byte that is not part of a UTF-8 character, where it is, and its line.
    struct BadByte: Error {
        var byte: UInt8
        var line: Int
        /// In characters, counting from 1, as the lexer counts columns.
        var column: Int
        /// The line with every invalid sequence replaced by U+FFFD and without its line end.
        var lineText: String

        /// The error for a script or module: at the byte, with the line and a caret.
        func error(file: String) -> SFNError {
            SFNError("'\(file)' is not UTF-8 text: \(description)",
                     at: SourceLocation(file: file, line: line, column: column), sourceLine: lineText)
        }

        /// "an invalid sequence starts with byte 0xFF"
        var description: String {
            "an invalid sequence starts with byte " + (byte < 16 ? "0x0" : "0x") + String(byte, radix: 16, uppercase: true)
        }
    }

    /// The text, or where it stops being UTF-8. A byte order mark at the start is dropped (as
    /// Foundation's decoding did), so an editor that writes one does not break the first line.
    static func decode(_ input: [UInt8]) -> Result<String, BadByte> {
        let bytes = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
        guard let offset = firstInvalidOffset(bytes) else {
            return .success(String(decoding: bytes, as: UTF8.self))
        }
        let newline = UInt8(ascii: "\n")
        let start = bytes[..<offset].lastIndex(of: newline).map { $0 + 1 } ?? 0
        var end = bytes[offset...].firstIndex(of: newline) ?? bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = bytes[..<offset].reduce(1) { $1 == newline ? $0 + 1 : $0 }
        let column = String(decoding: bytes[start..<offset], as: UTF8.self).count + 1
        return .failure(BadByte(byte: bytes[offset], line: line, column: column,
                                lineText: String(decoding: bytes[start..<end], as: UTF8.self)))
    }

    /// The offset of the first byte of the first invalid sequence, or nil for valid UTF-8.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }
}
