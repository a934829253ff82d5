// JSON text as values, for `load` of a .json file: the inverse of JSONSave.swift, so that
// load(file) gives back what save(value, file) wrote (LANGUAGE.md §6).
import SFNNumerics

/// Reads JSON (RFC 8259) into values:
///
/// - numbers as numbers, exactly; the strings `"nan"`, `"inf"`, `"-inf"` (how save writes the
///   non-finite numbers) as those numbers; other strings as strings; true/false; null as nothing;
/// - an array of numbers as a vector, an array of equal-shaped tensors as the tensor one rank up
///   (a matrix from an array of rows), `[]` as an empty vector; any other array as a list (so a
///   list of numbers that save wrote comes back as a vector);
/// - an object `{"shape": [...], "data": [...]}` (how save writes an empty tensor whose shape nested
///   arrays cannot show) as that tensor; any other object as a record, its fields in order.
enum JSONReader {
    /// What is wrong, and where: "line 3, column 7: expected ',' or ']'".
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func decode(_ text: String) throws(Failure) -> Value {
        var reader = Cursor(bytes: Array(text.utf8))
        reader.skipSpace()
        let v = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.atEnd else { throw reader.failure("unexpected text after the value") }
        return v
    }

    /// Nesting deeper than this is refused (each level is a Swift stack frame).
    static let maxDepth = 500

    private struct Cursor {
        let bytes: [UInt8]
        var i = 0

        var atEnd: Bool { i >= bytes.count }
        func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

        func failure(_ message: String) -> Failure {
            let before = bytes[..<min(i, bytes.count)]
            let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let start = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[start..<min(i, bytes.count)], as: UTF8.self).count + 1
            return Failure(description: "line \(line), column \(column): \(message)")
        }

        mutating func skipSpace() {
            while let c = peek(), c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 }
        }

        mutating func expect(_ word: String) throws(Failure) {
            for b in word.utf8 {
                guard peek() == b else { throw failure("expected '\(word)'") }
                i += 1
            }
        }

        mutating func value(depth: Int) throws(Failure) -> Value {
            guard depth < JSONReader.maxDepth else { throw failure("nested more than \(JSONReader.maxDepth) deep") }
            switch peek() {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""):
                let s = try string()
                switch s {
                case "nan": return .number(.nan)
                case "inf": return .number(.infinity)
                case "-inf": return .number(-.infinity)
                default: return .string(s)
                }
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .nothing
            case nil: throw failure("the text ends where a value should be")
            default: return .number(try number())
            }
        }

        mutating func number() throws(Failure) -> Double {
            let start = i
            func digits(_ c: inout Cursor) -> Int {
                let s = c.i
                while let d = c.peek(), d >= 0x30, d <= 0x39 { c.i += 1 }
                return c.i - s
            }
            if peek() == UInt8(ascii: "-") { i += 1 }
            let whole = digits(&self)
            guard whole > 0, !(whole > 1 && bytes[i - whole] == 0x30) else { i = start; throw failure("expected a value") }
            if peek() == UInt8(ascii: ".") {
                i += 1
                guard digits(&self) > 0 else { throw failure("expected digits after '.'") }
            }
            if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                i += 1
                if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { i += 1 }
                guard digits(&self) > 0 else { throw failure("expected digits in the exponent") }
            }
            // Swift's parser rounds correctly, so every double save wrote reads back bit for bit.
            guard let x = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw failure("malformed number") }
            return x
        }

        mutating func string() throws(Failure) -> String {
            i += 1  // the opening quote
            var out: [UInt8] = []
            while true {
                guard let c = peek() else { throw failure("unterminated string") }
                i += 1
                switch c {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let e = peek() else { throw failure("unterminated string") }
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), peek() == UInt8(ascii: "\\") {
                            i += 1
                            try expect("u")
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let u = Unicode.Scalar(code) else { throw failure("invalid \\u escape") }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: i -= 1; throw failure("unknown escape '\\\(Character(Unicode.Scalar(e)))'")
                    }
                case 0..<0x20: i -= 1; throw failure("a control character inside a string")
                default: out.append(c)
                }
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else {
                throw failure("expected four hex digits after \\u")
            }
            i += 4
            return v
        }

        mutating func array(depth: Int) throws(Failure) -> Value {
            i += 1
            var items: [Value] = []
            skipSpace()
            if peek() == UInt8(ascii: "]") { i += 1; return .tensor(Tensor([])) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                switch peek() {
                case UInt8(ascii: ","): i += 1
                case UInt8(ascii: "]"): i += 1; return JSONReader.stacked(items)
                default: throw failure("expected ',' or ']'")
                }
            }
        }

        mutating func object(depth: Int) throws(Failure) -> Value {
            i += 1
            var fields: [(String, Value)] = []
            skipSpace()
            if peek() == UInt8(ascii: "}") { i += 1; return .record(Record()) }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { throw failure("expected a field name in double quotes") }
                let name = try string()
                if fields.contains(where: { $0.0 == name }) { throw failure("field '\(name)' appears twice") }
                skipSpace()
                guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after the field name") }
                i += 1
                skipSpace()
                fields.append((name, try value(depth: depth + 1)))
                skipSpace()
                switch peek() {
                case UInt8(ascii: ","): i += 1
                case UInt8(ascii: "}"): i += 1; return JSONReader.shaped(fields) ?? .record(Record(fields))
                default: throw failure("expected ',' or '}'")
                }
            }
        }
    }

    /// Numbers as a vector; equal-shaped tensors as one tensor a rank up; anything else a list.
    static func stacked(_ items: [Value]) -> Value {
        if items.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
            return .tensor(Tensor(items.map { if case .number(let x) = $0 { return x } else { return 0 } }))
        }
        var shape: [Int]? = nil
        var scalars: [Double] = []
        for item in items {
            guard case .tensor(let t) = item, t.rank >= 1, shape == nil || shape == t.shape else { return .list(items) }
            shape = t.shape
            scalars += t.scalars
        }
        return .tensor(Tensor(shape: [items.count] + (shape ?? []), scalars: scalars))
    }

    /// `{"shape": [...], "data": [...]}` as its tensor, when the data fits the shape.
    static func shaped(_ fields: [(String, Value)]) -> Value? {
        guard fields.count == 2, fields[0].0 == "shape", fields[1].0 == "data",
              case .tensor(let shape) = fields[0].1, shape.rank == 1,
              case .tensor(let data) = fields[1].1, data.rank == 1 else { return nil }
        let extents = shape.scalars
        guard extents.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e9 }) else { return nil }
        let count = extents.reduce(1.0, *)
        guard count == Double(data.count) else { return nil }
        return .tensor(Tensor(shape: extents.map { Int($0) }, scalars: data.scalars))
    }
}
