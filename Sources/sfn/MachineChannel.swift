// The machine mode's output side (docs/kernel.md): replies are JSON lines on the standard output
// the process started with; everything else written to file descriptors 1 and 2 (the program's
// output, a `:` command's prints, a C library's message) is caught by pipes and comes back as
// `stream` replies, so that nothing can break a line of the protocol.
import Foundation

final class MachineChannel: @unchecked Sendable {
    /// The original standard output, kept for the replies.
    private let replies: Int32
    private let lock = NSLock()
    /// Serialises `sync` (the display hook calls it from the evaluation thread).
    private let syncLock = NSLock()
    /// The id of the request being answered, echoed in every reply (guarded by `lock`).
    private var id: Any? = nil
    private let drained = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]

    init() {
        replies = dup(STDOUT_FILENO)
        for (k, (fd, name)) in [(STDOUT_FILENO, "stdout"), (STDERR_FILENO, "stderr")].enumerated() {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { fatalError("sfn --machine: pipe failed") }
            dup2(ends[1], fd)
            close(ends[1])
            let done = drained[k], source = ends[0]
            Thread { [self] in forward(source, as: name, drained: done) }.start()
        }
    }

    /// The request the following replies answer (nil between requests).
    func answering(_ requestID: Any?) {
        lock.withLock { id = requestID }
    }

    /// Writes one reply, with the current request's id, as a line of JSON.
    func send(_ reply: [String: Any]) {
        lock.withLock {
            var object = reply
            if let id { object["id"] = id }
            guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
                return  // only strings, numbers, bools and arrays of them are sent: always encodable
            }
            data.append(0x0A)
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(replies, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 { if errno == EINTR { continue }; exit(0) }  // the front end has gone
                    offset += n
                }
            }
        }
    }

    /// Returns once everything written to descriptors 1 and 2 so far has been sent as `stream`
    /// replies: a NUL byte (never part of text) goes down each pipe and its reader signals when it
    /// reaches it. Called before any reply that must follow the output (a figure, a result, done).
    func sync() {
        syncLock.withLock {
            fflush(nil)
            var marker: UInt8 = 0
            for fd in [STDOUT_FILENO, STDERR_FILENO] { _ = write(fd, &marker, 1) }
            for d in drained { d.wait() }
        }
    }

    /// Reads a pipe for the life of the process, sending its text as it arrives.
    private func forward(_ fd: Int32, as name: String, drained: DispatchSemaphore) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            var start = 0
            for i in 0..<n where buffer[i] == 0 {
                pending += buffer[start..<i]
                flush(&pending, as: name, all: true)
                drained.signal()
                start = i + 1
            }
            pending += buffer[start..<n]
            flush(&pending, as: name, all: false)
        }
    }

    /// Sends the pending bytes as text: all of them, or up to the last whole UTF-8 character (a
    /// read may end inside one).
    private func flush(_ pending: inout [UInt8], as name: String, all: Bool) {
        let cut = all ? pending.count : MachineChannel.wholeCharacters(pending)
        guard cut > 0 else { return }
        send(["type": "stream", "name": name, "text": String(decoding: pending[..<cut], as: UTF8.self)])
        pending.removeFirst(cut)
    }

    /// The length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence.
    static func wholeCharacters(_ bytes: [UInt8]) -> Int {
        var i = bytes.count
        // Step back over continuation bytes (10xxxxxx) to the start of the last sequence.
        while i > 0, i > bytes.count - 4, bytes[i - 1] & 0xC0 == 0x80 { i -= 1 }
        guard i > 0 else { return bytes.count }
        let lead = bytes[i - 1]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return bytes.count - (i - 1) >= length ? bytes.count : i - 1
    }
}
