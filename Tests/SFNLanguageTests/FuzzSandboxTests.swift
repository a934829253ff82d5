// What the fuzz target (Sources/sfn-fuzz) relies on to run any input safely: the interpreter's
// cancellation stops every kind of long computation, recursion included, and with file access
// off no program touches a file.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax

@Suite struct FuzzSandboxTests {
    /// 2^22 calls and no loop (about 15 s in a debug build): before calls polled the flag,
    /// cancelling did not stop it (nor did Ctrl-C in the REPL), and the run ended with a value.
    @Test func cancellationStopsRecursion() throws {
        let sfn = Interpreter()
        sfn.output = { _ in }
        let stop = sfn.cancellation
        let timer = Thread { usleep(200_000); stop.cancel() }
        let start = Date()
        timer.start()
        do {
            try sfn.run("f(n) = if n <= 0 then 0 else f(n - 1) + f(n - 1)\nf(21)", name: "r.sfn")
            Issue.record("expected the run to be interrupted")
        } catch let e as SFNError {
            #expect(e.message == "interrupted")
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test(arguments: ["save(1, \"x.json\")", "plot([1, 2], file=\"x.svg\")", "load(\"/dev/null\")",
                      "chars(\"/etc/hostname\")", "import \"/etc/passwd\""])
    func withoutFileAccessNothingIsReadOrWritten(_ source: String) throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sfn = Interpreter()
        sfn.output = { _ in }
        sfn.allowsFileAccess = false
        let program = source.replacingOccurrences(of: "\"x.", with: "\"\(dir.path)/x.")
        do {
            try sfn.run(program, name: "s.sfn")
            Issue.record("expected an error")
        } catch let e as SFNError {
            #expect(e.message.contains("file access is turned off"), "\(e.message)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        // The standard library is not a file access.
        try sfn.run("import \"saddles\"")
    }
}
