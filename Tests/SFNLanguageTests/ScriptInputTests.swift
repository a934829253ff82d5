// Issue 17 item 15: a script can come from any readable file (a pipe, /dev/stdin, /dev/null), and
// `sfn -` reads it from standard input.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax

@Suite struct ScriptInputTests {
    /// `sfn <(echo …)`: the path is /dev/fd/N, the read end of a pipe (its size is 0 to stat).
    @Test func aPipeIsReadToItsEnd() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writeEnd = fds[1]
        let writer = Thread {
            // Larger than a pipe's buffer, so the reader must read until the end, not once.
            let text = String(repeating: "x = 1\n", count: 20_000) + "x + 41\n"
            _ = text.utf8CString.withUnsafeBufferPointer { write(writeEnd, $0.baseAddress, $0.count - 1) }
            close(writeEnd)
        }
        writer.start()
        defer { close(fds[0]) }
        let v = try Interpreter().runFile(path: "/dev/fd/\(fds[0])")
        guard case .number(42) = v else { Issue.record("got \(v)"); return }
    }

    @Test func devNullIsAnEmptyScript() throws {
        let v = try Interpreter().runFile(path: "/dev/null")
        guard case .nothing = v else { Issue.record("got \(v)"); return }
    }

    @Test func aMissingFileSaysWhy() throws {
        do {
            try Interpreter().runFile(path: "/nonexistent/x.sfn")
            Issue.record("expected an error")
        } catch let e as SFNError {
            #expect(e.message == "cannot read file '/nonexistent/x.sfn': No such file or directory")
        }
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: SFNError.self) { try Interpreter().runFile(path: dir.path) }
    }
}

@Suite(.enabled(if: CLI.available, "no built sfn executable"))
struct ScriptInputCommandLineTests {
    @Test func dashReadsTheScriptFromStandardInput() throws {
        let r = try CLI.run(["-"], stdin: "x = 2\nprint(\"x is\", x)\n")
        #expect(r.status == 0 && r.stdout == "x is 2\n" && r.stderr == "")
        let e = try CLI.run(["-"], stdin: "print(1)\nfo(2)\n")
        #expect(e.status == 1 && e.stdout == "1\n")
        #expect(e.stderr.hasPrefix("<stdin>:2:1: error: unknown name 'fo'"))
        #expect(try CLI.run(["-", "extra"]).status == 2)
    }

    @Test func devStdinAndDevNullRun() throws {
        let r = try CLI.run(["/dev/stdin"], stdin: "print(3)\n")
        #expect(r.status == 0 && r.stdout == "3\n")
        let n = try CLI.run(["/dev/null"])
        #expect(n.status == 0 && n.stdout == "" && n.stderr == "")
    }

    @Test func helpNamesStandardInput() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0 && r.stdout.contains("sfn -   ") && r.stdout.contains("standard input"))
    }
}
