// LANGUAGE.md §7b through `sfn --machine` (docs/kernel.md), the protocol the Jupyter kernel
// drives: the built binary is spawned and spoken to in JSON lines, as a front end would.
import Foundation
import Testing

/// One `sfn --machine` process: requests written to its standard input, replies collected from
/// its standard output by a reader thread.
final class MachineSession: @unchecked Sendable {
    let process = Process()
    private let input = Pipe(), output = Pipe()
    private let lock = NSCondition()
    private var lines: [String] = []
    private var ended = false
    private var nextID = 0
    let directory = Conf.tempDir()

    init() throws {
        process.executableURL = URL(fileURLWithPath: try #require(CLI.binary))
        process.arguments = ["--machine"]
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = directory.path
        env["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = env
        process.currentDirectoryURL = directory
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        Thread { [self] in
            var pending = Data()
            while true {
                let chunk = handle.availableData
                lock.lock()
                if chunk.isEmpty { ended = true; lock.broadcast(); lock.unlock(); return }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    lines.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
                lock.broadcast()
                lock.unlock()
            }
        }.start()
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }  // a failed test may leave a run going
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The next reply, as a dictionary (nil when the process ended or 60 s passed).
    func next() -> [String: Any]? {
        lock.lock()
        defer { lock.unlock() }
        let deadline = Date().addingTimeInterval(60)
        while lines.isEmpty && !ended {
            if !lock.wait(until: deadline) { return nil }
        }
        guard !lines.isEmpty else { return nil }
        let line = lines.removeFirst()
        return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }

    /// Sends a request (with a fresh id) and returns its id.
    @discardableResult
    func send(_ request: [String: Any]) throws -> Int {
        nextID += 1
        var r = request
        r["id"] = nextID
        var data = try JSONSerialization.data(withJSONObject: r)
        data.append(0x0A)
        input.fileHandleForWriting.write(data)
        return nextID
    }

    /// The replies up to and including `done` for request `id`.
    func replies(to id: Int) -> [[String: Any]] {
        var out: [[String: Any]] = []
        while let r = next() {
            guard r["id"] as? Int == id else { continue }
            out.append(r)
            if r["type"] as? String == "done" { break }
        }
        return out
    }

    /// Ends the process's input (it then leaves, status 0).
    func closeInput() throws { try input.fileHandleForWriting.close() }

    /// Sends a request and collects its replies.
    func ask(_ request: [String: Any]) throws -> [[String: Any]] {
        try replies(to: send(request))
    }

    func execute(_ code: String) throws -> [[String: Any]] { try ask(["type": "execute", "code": code]) }
}

private func types(_ replies: [[String: Any]]) -> [String] { replies.map { $0["type"] as? String ?? "?" } }
private func streamed(_ replies: [[String: Any]]) -> String {
    replies.filter { $0["type"] as? String == "stream" }.map { $0["text"] as? String ?? "" }.joined()
}
private func first(_ type: String, _ replies: [[String: Any]]) -> [String: Any]? {
    replies.first { $0["type"] as? String == type }
}

@Suite(.enabled(if: CLI.available, "no built sfn executable beside the tests or at .build/debug/sfn"))
struct Conformance7bMachine {
    @Test func startsReadyAndEndsWithItsInput() throws {
        let s = try MachineSession()
        let ready = try #require(s.next())
        #expect(ready["type"] as? String == "ready")
        #expect((ready["version"] as? String)?.isEmpty == false)
        try s.send(["type": "execute", "code": "1"])
        try s.closeInput()
        s.process.waitUntilExit()
        #expect(s.process.terminationStatus == 0)
        #expect(s.next()?["type"] as? String == "result")  // the request before the end is answered
    }

    /// Foundation's Process starts its child with SIGINT blocked (the mask survives exec); sfn
    /// unblocks it, or no interrupt would ever arrive (see the last test).
    @Test func sigintIsNotBlocked() throws {
        let s = try MachineSession()
        _ = s.next()
        let status = try String(contentsOfFile: "/proc/\(s.process.processIdentifier)/status", encoding: .utf8)
        let blocked = try #require(status.split(separator: "\n").first { $0.hasPrefix("SigBlk:") })
        let mask = try #require(UInt64(blocked.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16))
        #expect(mask & (1 << (UInt64(SIGINT) - 1)) == 0)
    }

    @Test func printedTextStreamsThenTheLastValueIsTheResult() throws {
        let s = try MachineSession()
        let r = try s.execute("x = 2\nprint(\"x is\", x)\nx * 21")
        #expect(types(r) == ["stream", "result", "done"])
        #expect(streamed(r) == "x is 2\n")
        #expect(first("result", r)?["text"] as? String == "42")
        #expect(first("done", r)?["status"] as? String == "ok")
        // Bindings persist across requests; an assignment or `;` shows nothing, and an earlier
        // expression statement prints as in a script.
        #expect(types(try s.execute("y = x + 1")) == ["done"])
        #expect(types(try s.execute("y;")) == ["done"])
        let both = try s.execute("y\ny * 2")
        #expect(streamed(both) == "3\n")
        #expect(first("result", both)?["text"] as? String == "6")
    }

    @Test func errorsCarryFileLineColumnMessageAndCaret() throws {
        let s = try MachineSession()
        let r = try s.ask(["type": "execute", "code": "a = 1\nb = a + nosuch", "name": "<cell 4>"])
        #expect(types(r) == ["error", "done"])
        let e = try #require(first("error", r))
        #expect(e["file"] as? String == "<cell 4>")
        #expect(e["line"] as? Int == 2)
        #expect(e["column"] as? Int == 9)
        #expect((e["message"] as? String)?.hasPrefix("unknown name 'nosuch'") == true)
        let text = try #require(e["text"] as? String)
        #expect(text.hasPrefix("<cell 4>:2:9: error: unknown name 'nosuch'"))
        #expect(text.hasSuffix("\nb = a + nosuch\n        ^"))
        #expect(first("done", r)?["status"] as? String == "error")
        // The statement before the error ran; unnamed cells are numbered.
        #expect(first("result", try s.execute("a"))?["text"] as? String == "1")
        let syntax = try s.execute("c = (1 +")
        #expect((first("error", syntax)?["file"] as? String)?.hasPrefix("<cell ") == true)
    }

    @Test func plotsWithoutFileAreSVGDisplaysInOrder() throws {
        let s = try MachineSession()
        let r = try s.execute("print(\"before\")\nplot([3, 2, 1], title=\"falling\")\nprint(\"after\")")
        #expect(types(r) == ["stream", "display", "stream", "done"])
        #expect(streamed(r) == "before\nafter\n")  // no terminal art
        let d = try #require(first("display", r))
        #expect(d["mime"] as? String == "image/svg+xml")
        let svg = try #require(d["data"] as? String)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n") && svg.contains("falling"))  // no <?xml ...?>
        // file= still writes the file and says where.
        let f = try s.execute("hist([1, 2, 2, 3], file=\"h.svg\")")
        #expect(types(f) == ["stream", "done"])
        #expect(streamed(f).contains("wrote"))
        #expect(FileManager.default.fileExists(atPath: s.directory.appendingPathComponent("h.svg").path))
    }

    @Test func completionsForTheWordBeforeTheCursorInCodePoints() throws {
        let s = try MachineSession()
        _ = try s.execute("learning_rate = 0.1")
        let code = "α = 1\ny = 2 * learn + 1"
        let cursor = "α = 1\ny = 2 * learn".unicodeScalars.count
        let r = try s.ask(["type": "complete", "code": code, "cursor": cursor])
        let c = try #require(first("completions", r))
        #expect(c["matches"] as? [String] == ["learning_rate"])
        #expect(c["start"] as? Int == "α = 1\ny = 2 * ".unicodeScalars.count)
        #expect(c["end"] as? Int == cursor)
        let commands = try #require(first("completions", try s.ask(["type": "complete", "code": ":va"])))
        #expect(commands["matches"] as? [String] == [":vars"])
        let builtins = try #require(first("completions", try s.ask(["type": "complete", "code": "r = newt"])))
        #expect(builtins["matches"] as? [String] == ["newton"])
    }

    /// The notebook completes as the prompt does (record fields, `name=`), and converts the
    /// prompt's Character offsets to code points: "e\u{301}" is one Character but two code points.
    @Test func completionsFollowThePromptsRulesInCodePoints() throws {
        let s = try MachineSession()
        _ = try s.execute("q(x) = x^2\nr = gd(q, [1.0], steps=2, quiet=true)")
        let prefix = "t = \"e\u{301}\"; c = r."
        let code = prefix + "conv"
        let r = try #require(first("completions", try s.ask(["type": "complete", "code": code, "cursor": code.unicodeScalars.count])))
        #expect(r["matches"] as? [String] == ["converged"])
        #expect(r["start"] as? Int == prefix.unicodeScalars.count)
        let call = "gd(q, [1.0], ste"
        let named = try #require(first("completions", try s.ask(["type": "complete", "code": call, "cursor": call.unicodeScalars.count])))
        #expect(named["matches"] as? [String] == ["steps="])
    }

    @Test func inspectShowsHelpForTheNameAtTheCursor() throws {
        let s = try MachineSession()
        let byName = try #require(first("inspect", try s.ask(["type": "inspect", "name": "gd"])))
        #expect(byName["found"] as? Bool == true)
        #expect((byName["text"] as? String)?.contains("lr") == true)
        let call = "r = newton("
        let inCall = try #require(first("inspect", try s.ask(["type": "inspect", "code": call, "cursor": call.count])))
        #expect((inCall["text"] as? String)?.contains("newton(") == true)
        _ = try s.execute("w = [1, 2]")
        let variable = try #require(first("inspect", try s.ask(["type": "inspect", "code": "w + 1", "cursor": 1])))
        #expect((variable["text"] as? String)?.hasPrefix("w = [1, 2]") == true, "\(variable)")
        let unknown = try #require(first("inspect", try s.ask(["type": "inspect", "code": "nosuch", "cursor": 2])))
        #expect(unknown["found"] as? Bool == false)
    }

    @Test func isCompleteFollowsTheREPLsContinuationRule() throws {
        let s = try MachineSession()
        func status(_ code: String) throws -> String? {
            first("is_complete", try s.ask(["type": "is_complete", "code": code]))?["status"] as? String
        }
        for code in ["x = 1", "f(x) = x^2", ":vars", "?sfn", "  "] { #expect(try status(code) == "complete", "\(code)") }
        for code in ["x = [1, 2", "g(x) = (x +", "y = 1 +", "print(\"abc"] { #expect(try status(code) == "incomplete", "\(code)") }
        for code in ["x = )", "1 +* 2"] { #expect(try status(code) == "invalid", "\(code)") }
    }

    @Test func helpAndREPLCommandsPrintAsStreams() throws {
        let s = try MachineSession()
        #expect(streamed(try s.execute("?gd")).contains("gd("))
        #expect(streamed(try s.execute(":help sfn")).contains("sfn("))
        _ = try s.execute("v = 3")
        #expect(streamed(try s.execute(":vars")).contains("v = 3"))
        let load = try s.execute(":load no/such/file.sfn")
        #expect(load.contains { $0["type"] as? String == "stream" && $0["name"] as? String == "stderr" })
        #expect(streamed(try s.execute(":reset")).contains("cleared"))
        #expect(first("error", try s.execute("v")) != nil)
    }

    @Test func aMalformedRequestIsAnErrorAndTheSessionGoesOn() throws {
        let s = try MachineSession()
        let r = try s.ask(["type": "nonsense"])
        #expect(types(r) == ["error", "done"])
        #expect(first("done", r)?["status"] as? String == "error")
        #expect(first("result", try s.execute("1 + 1"))?["text"] as? String == "2")
    }

    @Test func sigintStopsTheRunningRequestAndKeepsBindings() throws {
        let s = try MachineSession()
        _ = try s.execute("q(x, y) = (x - 1)^2 + 10 * (y + 2)^2\nkept = 7")
        let id = try s.send(["type": "execute", "code": "r = gd(q, [0, 0], tol=0, steps=1e9)"])
        // The first progress line arrives while the run goes on; then Ctrl-C.
        var progress = ""
        while !progress.contains("step"), let reply = s.next() {
            if reply["id"] as? Int == id, reply["type"] as? String == "stream" { progress += reply["text"] as? String ?? "" }
        }
        #expect(progress.contains("gd step"))
        usleep(300_000)
        let started = Date()
        kill(s.process.processIdentifier, SIGINT)
        let rest = s.replies(to: id)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(first("done", rest)?["status"] as? String == "ok")
        #expect(streamed(rest).contains("interrupted"))
        #expect(first("result", try s.execute("r.reason"))?["text"] as? String == "\"interrupted\"")
        #expect(first("result", try s.execute("kept"))?["text"] as? String == "7")
        // The next request runs to its end.
        #expect(first("result", try s.execute("gd(q, [0, 0], steps=3, quiet=true).steps"))?["text"] as? String == "3")
    }
}
