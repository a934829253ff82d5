// The IDX format of MNIST and its successors (Fashion-MNIST, EMNIST, KMNIST): a 4-byte magic
// number 00 00 TT RR (TT the element type, RR the number of dimensions), RR big-endian 32-bit
// extents, then the elements in row-major order, big-endian. LeCun et al., "The MNIST database",
// http://yann.lecun.com/exdb/mnist/ (section "File formats"). Read item by item (an item is one
// index of the first dimension: one image, one label) so that a caller can take the first n items,
// or reduce each as it arrives, without holding the whole file as doubles.
import Foundation

/// The element types an IDX file may hold (its magic number's third byte).
enum IDXElementType: UInt8, CaseIterable {
    case u8 = 0x08, i8 = 0x09, i16 = 0x0B, i32 = 0x0C, f32 = 0x0D, f64 = 0x0E

    /// Bytes per element.
    var size: Int {
        switch self {
        case .u8, .i8: return 1
        case .i16: return 2
        case .i32, .f32: return 4
        case .f64: return 8
        }
    }

    var name: String { "\(self)" }

    /// The `i`-th element of big-endian data, as a double (exact for every type).
    @inline(__always)
    func element(_ p: UnsafeRawBufferPointer, _ i: Int) -> Double {
        switch self {
        case .u8: return Double(p[i])
        case .i8: return Double(Int8(bitPattern: p[i]))
        case .i16: return Double(Int16(bitPattern: UInt16(p[2 * i]) << 8 | UInt16(p[2 * i + 1])))
        case .i32: return Double(Int32(bitPattern: Self.word(p, 4 * i)))
        case .f32: return Double(Float(bitPattern: Self.word(p, 4 * i)))
        case .f64:
            let bits = UInt64(Self.word(p, 8 * i)) << 32 | UInt64(Self.word(p, 8 * i + 4))
            return Double(bitPattern: bits)
        }
    }

    /// The big-endian 32-bit word at byte `at`.
    @inline(__always)
    static func word(_ p: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(p[at]) << 24 | UInt32(p[at + 1]) << 16 | UInt32(p[at + 2]) << 8 | UInt32(p[at + 3])
    }
}

/// An IDX file being read: its header, then its items in order.
struct IDXReader {
    private var source: any ByteSource
    let type: IDXElementType
    /// The extents, first (the number of items) to last.
    let shape: [Int]
    /// Items read so far.
    private(set) var itemsRead = 0
    /// The header's length in bytes: 4 + 4 per dimension.
    var headerBytes: Int { 4 + 4 * shape.count }
    /// Elements per item: the product of the extents after the first.
    let itemElements: Int
    /// The number of items.
    var items: Int { shape[0] }
    private var scratch: [UInt8] = []

    /// Reads the header; refuses data that is not IDX, and items larger than a tensor may be
    /// (ValueLimits), whose size would not even fit in an Int. How many items to read, and so how
    /// much to allocate, is the caller's to check.
    init(_ source: any ByteSource) throws {
        var source = source
        var magic = [UInt8](repeating: 0, count: 4)
        let got = try magic.withUnsafeMutableBytes { try source.read(into: $0) }
        guard got == 4 else {
            throw DataFileFailure(got == 0 ? "is empty (an IDX file starts with a 4-byte magic number)"
                                           : "is not an IDX file: it has only \(got) bytes")
        }
        guard magic[0] == 0, magic[1] == 0 else {
            let hex = magic.map(Self.hexDigits).joined(separator: " ")
            throw DataFileFailure("is not an IDX file: it starts with the bytes \(hex), not an IDX magic number 00 00 tt rr "
                                  + "(tt the element type, rr the number of dimensions; MNIST's images have 00 00 08 03)")
        }
        guard let type = IDXElementType(rawValue: magic[2]) else {
            let known = IDXElementType.allCases.map { "\(Self.hex($0.rawValue)) (\($0.name))" }.joined(separator: ", ")
            throw DataFileFailure("is not an IDX file: its element type \(Self.hex(magic[2])) is none of \(known)")
        }
        let rank = Int(magic[3])
        guard rank >= 1 else { throw DataFileFailure("declares 0 dimensions in its IDX magic number (00 00 \(Self.hexDigits(magic[2])) 00)") }
        var extents = [UInt8](repeating: 0, count: 4 * rank)
        let gotExtents = try extents.withUnsafeMutableBytes { try source.read(into: $0) }
        guard gotExtents == 4 * rank else {
            throw DataFileFailure("is truncated: it ends in its header, after \(4 + gotExtents) bytes (a \(rank)-dimensional IDX header has \(4 + 4 * rank))")
        }
        self.type = type
        shape = extents.withUnsafeBytes { p in (0..<rank).map { Int(IDXElementType.word(p, 4 * $0)) } }
        let perItem = shape.dropFirst().reduce(1.0) { $0 * Double($1) }
        guard perItem <= Double(ValueLimits.tensorElements) else {
            let declared = shape.map(String.init).joined(separator: "×") + " " + type.name
            throw DataFileFailure("declares \(declared) values: items of \(ValueDisplay.number(perItem)) elements each, more than the limit of "
                                  + "1e\(Int(log10(Double(ValueLimits.tensorElements)).rounded())) for a tensor")
        }
        itemElements = Int(perItem)
        self.source = source
    }

    static func hexDigits(_ b: UInt8) -> String { (b < 16 ? "0" : "") + String(b, radix: 16) }
    static func hex(_ b: UInt8) -> String { "0x" + hexDigits(b) }

    /// How the header describes the data: "60000×28×28 u8".
    var declared: String { shape.map(String.init).joined(separator: "×") + " " + type.name }

    /// Reads the next item's elements, as doubles, into `values` (resized to one item); a file
    /// that ends before the item does is an error saying where.
    mutating func readItem(into values: inout [Double]) throws {
        let n = itemElements, bytes = n * type.size
        if scratch.count != bytes { scratch = [UInt8](repeating: 0, count: bytes) }
        let got = try scratch.withUnsafeMutableBytes { try source.read(into: $0) }
        guard got == bytes else {
            let expected = Double(items) * Double(n) * Double(type.size)
            throw DataFileFailure("is truncated: its header declares \(declared) values (\(ValueDisplay.number(expected)) bytes after the "
                                  + "\(headerBytes)-byte header), but it ends after \(source.position - headerBytes) of them, in item \(itemsRead + 1)")
        }
        let type = self.type
        if values.count != n { values = [Double](repeating: 0, count: n) }
        scratch.withUnsafeBytes { p in
            values.withUnsafeMutableBufferPointer { v in for i in 0..<n { v[i] = type.element(p, i) } }
        }
        itemsRead += 1
    }

    /// After the last item: the data must end there (and, for gzip, its checksum is read and checked).
    mutating func expectEnd() throws {
        var probe = [UInt8](repeating: 0, count: 1)
        let extra = try probe.withUnsafeMutableBytes { try source.read(into: $0) }
        guard extra == 0 else {
            throw DataFileFailure("has more data than its header declares (\(declared), \(headerBytes) + "
                                  + "\(ValueDisplay.number(Double(items) * Double(itemElements) * Double(type.size))) bytes)")
        }
    }
}
