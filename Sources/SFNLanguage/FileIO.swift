// Every file a program names is read and written here: scripts and imports, load and chars, save
// and the plots' SVG files. One place for the two rules that matter (LANGUAGE.md §6, §7):
//   - reading goes until end of file, so pipes, /dev/stdin and other character devices work
//     (their size, as stat reports it, is 0);
//   - a write never leaves a half-written file: the text goes to a temporary file in the same
//     folder, is flushed to disk, and then renamed over the target, so a failure (a full disk, an
//     error) leaves the old file as it was.
import Foundation
import Synchronization

enum FileIO {
    /// Why a read or write failed, as the end of a sentence: "No such file or directory".
    struct Failure: Error, CustomStringConvertible {
        let description: String
        static func errno(_ code: Int32) -> Failure { Failure(description: String(cString: strerror(code))) }
    }

    /// Reads of more than this many bytes are refused (a script or data file that large is a
    /// mistake, or an endless device such as /dev/zero).
    static let readLimit = 1 << 30

    /// The whole content of a file of any readable kind.
    static func read(_ path: String, limit: Int = readLimit) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .errno(errno) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { throw .errno(EISDIR) }
        return try read(fd: fd, limit: limit)
    }

    /// Everything left on an open descriptor (standard input for `sfn -`), until end of file.
    static func read(fd: Int32, limit: Int = readLimit) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return bytes }
            if n < 0 {
                if errno == EINTR { continue }
                throw .errno(errno)
            }
            guard bytes.count + n <= limit else {
                throw Failure(description: "it is larger than the limit of \(limit >> 20) MiB")
            }
            bytes.append(contentsOf: chunk[..<n])
        }
    }

    /// For tests only (fault injection): a write through `replace` to one of these paths fails
    /// with "No space left on device" after the given number of bytes of the temporary file, as a
    /// full disk would make it fail. Keyed by path, so tests running in parallel do not interfere.
    static let injectedFaults = Mutex<[String: Int]>([:])

    /// Replaces the file at `path` with `bytes`, or leaves it as it was and throws. A symbolic
    /// link is followed (the file it names is replaced); a file that is not a regular file
    /// (/dev/null, a pipe, a terminal) is written in place, since it cannot be half-written.
    static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        var target = path
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        var mode: mode_t? = nil
        if stat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw .errno(EISDIR)
            case S_IFREG: mode = info.st_mode & 0o7777
            default: return try writeInPlace(target, bytes)
            }
        }
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        var temporary = "", fd: Int32 = -1
        for _ in 0..<100 {
            // Hidden, named after the target: if the process is killed before the rename, the
            // leftover says what it was.
            temporary = folder + "/." + url.lastPathComponent + ".sfn-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)  // the umask applies, as for fopen
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw .errno(errno) }
        do {
            if let mode { _ = fchmod(fd, mode) }  // a replaced file keeps its permissions
            try writeAll(fd, bytes, failAfter: injectedFaults.withLock { $0[path] })
            guard fsync(fd) == 0 else { throw Failure.errno(errno) }
            let closed = close(fd)
            fd = -1
            guard closed == 0 else { throw Failure.errno(errno) }
            guard rename(temporary, target) == 0 else { throw Failure.errno(errno) }
        } catch {
            let failure = error as? Failure ?? Failure(description: "\(error)")
            if fd >= 0 { close(fd) }
            unlink(temporary)
            throw failure
        }
        // Make the rename itself durable; a failure here leaves the new file in place.
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { _ = fsync(dir); close(dir) }
    }

    private static func writeInPlace(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .errno(errno) }
        defer { close(fd) }
        try writeAll(fd, bytes, failAfter: nil)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], failAfter: Int?) throws(Failure) {
        let end = min(bytes.count, failAfter ?? bytes.count)
        var offset = 0
        while offset < end {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, end - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .errno(errno)
            }
            offset += n
        }
        if end < bytes.count { throw .errno(ENOSPC) }
    }
}
