// Tensors as NumPy .npy files, for `save` and `load` (LANGUAGE.md §6): what np.save writes and
// np.load reads (numpy.lib.format, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
import SFNNumerics

/// The .npy format:
///
/// - writing: version 1.0, dtype `<f8` (little-endian float64), C order, the shape as given (a
///   number is a 0-d array, shape `()`), the header padded with spaces and a newline so the data
///   starts at a multiple of 64 bytes, as NumPy itself pads it;
/// - reading: versions 1.0, 2.0 and 3.0; dtypes float64 and float32, signed and unsigned integers of
///   1, 2, 4 and 8 bytes, and bool, little- or big-endian, all turned into float64 (integers beyond
///   2^53 round); `fortran_order: True` arrays are reordered to C order. Anything else (object
///   arrays, structured or complex dtypes, strings, a header or data cut short) is a failure that
///   says what the file holds.
enum NPYFormat {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    // MARK: Writing

    static func encode(_ t: Tensor) -> [UInt8] {
        let shape: String
        switch t.shape.count {
        case 0: shape = "()"
        case 1: shape = "(\(t.shape[0]),)"
        default: shape = "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        // magic (6) + version (2) + length (2) + header, ending in "\n", is a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = magic + [1, 0]
        let length = UInt16(header.utf8.count)  // < 65536 for any shape a tensor can have here
        out += [UInt8(length & 0xFF), UInt8(length >> 8)]
        out += Array(header.utf8)
        out.reserveCapacity(out.count + 8 * t.count)
        for x in t.scalars {
            let bits = x.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { out.append(contentsOf: $0) }
        }
        return out
    }

    // MARK: Reading

    static func decode(_ bytes: [UInt8]) throws(Failure) -> Tensor {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw Failure(description: "it does not start with the .npy magic bytes \\x93NUMPY")
        }
        let major = bytes[6], minor = bytes[7]
        let headerStart: Int, headerLength: Int
        switch (major, minor) {
        case (1, 0):
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case (2, 0), (3, 0):
            guard bytes.count >= 12 else { throw Failure(description: "the file is truncated in its header") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw Failure(description: "format version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)")
        }
        guard bytes.count >= headerStart + headerLength else {
            throw Failure(description: "the file is truncated in its header (\(headerLength) bytes announced, \(bytes.count - headerStart) present)")
        }
        // Versions 1 and 2 write the header in Latin-1, version 3 in UTF-8; the keys and values
        // read here are ASCII either way.
        let headerBytes = bytes[headerStart..<headerStart + headerLength]
        let header = major == 3 ? String(decoding: headerBytes, as: UTF8.self)
                                : String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        var parser = HeaderParser(header)
        let fields = try parser.dictionary()
        guard case .string(let descr)? = fields["descr"] else {
            if fields["descr"] == nil { throw Failure(description: "the header has no 'descr'") }
            throw Failure(description: "the array has a structured dtype; load reads arrays of numbers (float64, float32, integers, bool)")
        }
        guard case .bool(let fortran)? = fields["fortran_order"] else { throw Failure(description: "the header has no 'fortran_order' True or False") }
        guard case .tuple(let shape)? = fields["shape"] else { throw Failure(description: "the header has no 'shape' tuple") }
        let dtype = try DType(descr)
        var count = 1
        for n in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, product <= Int(Int32.max) else { throw Failure(description: "the shape \(shape) is too large") }
            count = product
        }
        let dataStart = headerStart + headerLength
        let needed = count * dtype.size
        guard bytes.count - dataStart == needed else {
            let present = bytes.count - dataStart
            throw Failure(description: present < needed
                          ? "the file is truncated: shape \(shape) of \(descr) needs \(needed) bytes of data, it has \(present)"
                          : "the file has \(present - needed) bytes after the data of shape \(shape) of \(descr)")
        }
        var scalars = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for k in 0..<count { scalars[k] = dtype.value(raw, at: dataStart + k * dtype.size) }
        }
        if fortran && shape.count > 1 { scalars = cOrder(fromFortran: scalars, shape: shape) }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// The elements of a column-major array in row-major order.
    static func cOrder(fromFortran xs: [Double], shape: [Int]) -> [Double] {
        guard !xs.isEmpty else { return xs }
        var strides = [Int](repeating: 1, count: shape.count)  // column-major strides
        for k in 1..<shape.count { strides[k] = strides[k - 1] * shape[k - 1] }
        var out: [Double] = []
        out.reserveCapacity(xs.count)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<xs.count {
            out.append(xs[zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }])
            var axis = shape.count - 1  // advance the multi-index, last axis fastest
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }

    /// A numeric dtype from its descr: byte order, kind, size.
    struct DType {
        enum Kind { case float, signed, unsigned, bool }
        let kind: Kind, size: Int, bigEndian: Bool

        init(_ descr: String) throws(Failure) {
            let supported = "float64, float32, integers of 1, 2, 4 or 8 bytes, bool"
            let chars = Array(descr)
            if chars.count >= 2, chars[1] == "O" {
                throw Failure(description: "it holds an object array (dtype '\(descr)'); load reads arrays of numbers (\(supported))")
            }
            guard chars.count >= 3, "<>|=".contains(chars[0]), let size = Int(String(chars[2...])) else {
                throw Failure(description: "dtype '\(descr)' is not supported (\(supported))")
            }
            switch (chars[1], size) {
            case ("f", 4), ("f", 8): kind = .float
            case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
            case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsigned
            case ("b", 1): kind = .bool
            default: throw Failure(description: "dtype '\(descr)' is not supported (\(supported))")
            }
            self.size = size
            bigEndian = chars[0] == ">"
        }

        func value(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Double {
            var bits: UInt64 = 0
            for k in 0..<size {
                let byte = UInt64(raw[offset + (bigEndian ? size - 1 - k : k)])
                bits |= byte << (8 * k)
            }
            switch kind {
            case .float: return size == 8 ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(bits)))
            case .unsigned: return Double(bits)
            case .bool: return bits == 0 ? 0 : 1
            case .signed:
                let shift = UInt64(64 - 8 * size)  // sign-extend
                return Double(Int64(bitPattern: bits << shift) >> Int64(shift))
            }
        }
    }

    /// The header: a Python dict literal of strings, True/False, and tuples of integers.
    private struct HeaderParser {
        enum Item { case string(String), bool(Bool), tuple([Int]), other }
        let chars: [Character]
        var i = 0
        init(_ text: String) { chars = Array(text) }

        mutating func space() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        func fail(_ what: String) -> Failure { Failure(description: "its header is not a dict literal (\(what) at character \(i + 1))") }

        mutating func dictionary() throws(Failure) -> [String: Item] {
            var out: [String: Item] = [:]
            space()
            guard i < chars.count, chars[i] == "{" else { throw fail("expected '{'") }
            i += 1
            while true {
                space()
                if i < chars.count, chars[i] == "}" { return out }
                guard case .string(let key) = try item() else { throw fail("expected a quoted key") }
                space()
                guard i < chars.count, chars[i] == ":" else { throw fail("expected ':'") }
                i += 1
                out[key] = try item()
                space()
                guard i < chars.count else { throw fail("expected '}'") }
                if chars[i] == "," { i += 1 } else if chars[i] != "}" { throw fail("expected ',' or '}'") }
            }
        }

        mutating func item() throws(Failure) -> Item {
            space()
            guard i < chars.count else { throw fail("the header ends") }
            switch chars[i] {
            case "'", "\"":
                let quote = chars[i]
                i += 1
                let start = i
                while i < chars.count, chars[i] != quote { i += 1 }
                guard i < chars.count else { throw fail("unterminated string") }
                i += 1
                return .string(String(chars[start..<i - 1]))
            case "(":
                i += 1
                var extents: [Int] = []
                while true {
                    space()
                    guard i < chars.count else { throw fail("unterminated tuple") }
                    if chars[i] == ")" { i += 1; return .tuple(extents) }
                    let start = i
                    while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                    guard let n = Int(String(chars[start..<i])) else { throw fail("expected a non-negative integer") }
                    extents.append(n)
                    space()
                    if i < chars.count, chars[i] == "," { i += 1 }
                }
            case "[", "{":
                // A structured dtype's list of fields (or a nested dict): skip to its close.
                var depth = 0
                repeat {
                    if "[{(".contains(chars[i]) { depth += 1 } else if "]})".contains(chars[i]) { depth -= 1 }
                    i += 1
                } while depth > 0 && i < chars.count
                return .other
            default:
                let start = i
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                switch String(chars[start..<i]) {
                case "True": return .bool(true)
                case "False": return .bool(false)
                case "": throw fail("unexpected '\(chars[i])'")
                default: return .other
                }
            }
        }
    }
}
