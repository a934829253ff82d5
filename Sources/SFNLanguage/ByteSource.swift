// The bytes of a binary data file, read in order and on demand: as they are, or decompressed from
// gzip (RFC 1952) by the system zlib while they are read, so that a decoder can look at a file's
// header and check the size it declares (ValueLimits) before anything that size is allocated.
// Foundation on Linux has no gzip decoder; zlib is on every system sfn builds on.
import CZlib

/// Why a data file's bytes could not be read, as the end of a sentence about the file:
/// "is truncated: …", "is not valid gzip data: …".
struct DataFileFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A file's bytes, front to back.
protocol ByteSource {
    /// Fills `buffer` from its start and returns how many bytes it wrote: all of it unless the
    /// data ends first (then fewer, and 0 once at the end).
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataFileFailure) -> Int
    /// How many bytes `read` has given so far.
    var position: Int { get }
}

enum ByteSources {
    /// Whether the bytes start with gzip's magic number, 1f 8b.
    static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }

    /// A source over a file's content: decompressed when it is gzip data (recognised by its magic
    /// number, whatever the file's name), else the bytes as they are.
    static func open(_ bytes: [UInt8]) throws(DataFileFailure) -> any ByteSource {
        isGzip(bytes) ? try GzipSource(bytes) : PlainSource(bytes: bytes)
    }
}

/// Bytes held in memory.
struct PlainSource: ByteSource {
    let bytes: [UInt8]
    private(set) var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataFileFailure) -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }
}

/// gzip data inflated as it is read. A file of several gzip members (as `cat a.gz b.gz` makes)
/// reads as their concatenation, as `gunzip` reads it. Each member's CRC-32 and length are checked
/// when its end is read; corrupt or truncated data is an error, never a crash.
final class GzipSource: ByteSource {
    private let input: [UInt8]
    /// How much of `input` zlib has consumed.
    private var consumed = 0
    /// A fixed address: zlib's state points back at its z_stream.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    /// The current member's end has been read; what follows is another member or nothing.
    private var memberEnded = false
    private(set) var position = 0
    /// inflateInit2 succeeded, so inflateEnd must free zlib's state.
    private var started = false

    init(_ bytes: [UInt8]) throws(DataFileFailure) {
        input = bytes
        stream.initialize(to: z_stream())
        // 15 + 16: a 32 KiB window, and a gzip header and trailer around the deflate data.
        let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            // deinit runs (every property is set) and frees the stream; there is nothing to end.
            throw DataFileFailure("cannot be decompressed: zlib could not start (\(Self.describe(status)))")
        }
        started = true
    }

    deinit {
        if started { inflateEnd(stream) }
        stream.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataFileFailure) -> Int {
        var filled = 0
        while filled < buffer.count {
            if memberEnded {
                // Another member follows, or the data ends here.
                guard consumed < input.count else { break }
                guard input.count - consumed >= 2, input[consumed] == 0x1f, input[consumed + 1] == 0x8b else {
                    throw DataFileFailure("is not valid gzip data: \(input.count - consumed) bytes that are not gzip data follow its end")
                }
                inflateReset(stream)
                memberEnded = false
            }
            let (wrote, status) = input.withUnsafeBytes { raw -> (Int, Int32) in
                let available = min(raw.count - consumed, Int(UInt32.max))
                let room = min(buffer.count - filled, Int(UInt32.max))
                stream.pointee.next_in = UnsafeMutablePointer(mutating: raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + consumed)
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = (buffer.baseAddress! + filled).assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(room)
                let status = inflate(stream, Z_NO_FLUSH)
                consumed += available - Int(stream.pointee.avail_in)
                stream.pointee.next_in = nil
                stream.pointee.next_out = nil
                return (room - Int(stream.pointee.avail_out), status)
            }
            filled += wrote
            switch status {
            case Z_OK: continue
            case Z_STREAM_END: memberEnded = true
            case Z_BUF_ERROR where consumed == input.count:
                throw DataFileFailure("is truncated: its gzip data ends early (after \(input.count) compressed bytes)")
            case Z_BUF_ERROR: continue  // no room was left; the loop ends
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? Self.describe(status)
                throw DataFileFailure("is not valid gzip data: \(detail) (near compressed byte \(consumed))")
            }
        }
        position += filled
        return filled
    }

    private static func describe(_ status: Int32) -> String {
        switch status {
        case Z_MEM_ERROR: return "out of memory"
        case Z_VERSION_ERROR: return "incompatible zlib version"
        case Z_NEED_DICT: return "it needs a preset dictionary"
        case Z_DATA_ERROR: return "corrupt data"
        default: return "zlib status \(status)"
        }
    }
}
