// LANGUAGE.md §7: the command line and the REPL, through the built `sfn` executable.
//
// `swift test` builds the test bundle; whether the `sfn` product is built beside it depends on how
// the tests were invoked. These tests run the binary next to the test bundle (the same build), or
// `.build/debug/sfn` under the package root, or $SFN_BIN; when there is none they are skipped
// (see the trait) — `.ci/cli-test.sh` checks the exit codes independently of this suite.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

enum CLI {
    /// The package root, derived from this file's path (Tests/SFNLanguageTests/…).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `sfn` executable to test, if one was built.
    static let binary: String? = {
        let fm = FileManager.default
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["SFN_BIN"], !env.isEmpty { candidates.append(env) }
        // Beside the running test bundle: the build the tests come from.
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent().appendingPathComponent("sfn").path)
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("sfn").path)
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/sfn").path)
        return candidates.first { path in
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue && fm.isExecutableFile(atPath: path)
        }
    }()

    static var available: Bool { binary != nil }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs the binary with `arguments`, feeding `stdin`; output goes through files (no pipe deadlock).
    static func run(_ arguments: [String], stdin: String = "", in directory: URL? = nil) throws -> Result {
        let binary = try #require(CLI.binary)
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("stdin"), outURL = dir.appendingPathComponent("stdout"),
            errURL = dir.appendingPathComponent("stderr")
        try stdin.write(to: inURL, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = dir.path  // keep the REPL's history out of the real home
        env["OPENBLAS_NUM_THREADS"] = "1"
        p.environment = env
        p.currentDirectoryURL = directory ?? dir
        p.standardInput = try FileHandle(forReadingFrom: inURL)
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        p.waitUntilExit()
        return Result(status: p.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

@Suite(.enabled(if: CLI.available, "no built sfn executable beside the tests or at .build/debug/sfn (swift build first); .ci/cli-test.sh covers the exit codes"))
struct Conformance7CommandLine {
    @Test func scriptRunsToItsEndExit0() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write("#!/usr/bin/env sfn\nx = 2\nprint(\"x is\", x)\nx * 21\n", to: "ok.sfn", in: dir)
        let r = try CLI.run([path])
        #expect(r.status == 0)
        #expect(r.stdout == "x is 2\n42\n")
        #expect(r.stderr == "")
    }

    @Test func failedAssertExit1WithLocationAndCaret() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write("x = 1\nprint(\"before\")\n  assert x == 2\nprint(\"after\")\n", to: "fail.sfn", in: dir)
        let r = try CLI.run([path])
        #expect(r.status == 1)
        #expect(r.stdout == "before\n")  // a script stops at its first error
        #expect(r.stderr == "\(path):3:3: error: assertion failed\n  assert x == 2\n  ^\n")
        let m = try CLI.run(["-e", "assert 1 > 2, \"one is not above two\""])
        #expect(m.status == 1)
        #expect(m.stderr == "<-e>:1:1: error: assertion failed: one is not above two\nassert 1 > 2, \"one is not above two\"\n^\n")
    }

    @Test func errorsAreLocatedWithACaretExit1() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, String, String, Int)] = [
            // source, message fragment, line shown, caret column
            ("foo(x) = x\ny = 1 + fo(2)\n", "unknown name 'fo'", "y = 1 + fo(2)", 9),
            ("v = [1, 2\nw = 3\n", "error: ", "", 0),
            ("A = zeros(2, 3)\nB = A + ones(3, 2)\n", "shape", "B = A + ones(3, 2)", 7),
        ]
        for (i, (source, fragment, line, column)) in cases.enumerated() {
            let path = try Conf.write(source, to: "e\(i).sfn", in: dir)
            let r = try CLI.run([path])
            #expect(r.status == 1, "\(source)")
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.count >= 3, "\(r.stderr)")
            #expect(lines[0].hasPrefix(path + ":"), "\(r.stderr)")
            #expect(lines[0].contains(": error: "), "\(r.stderr)")
            #expect(lines[0].contains(fragment), "\(r.stderr)")
            if lines.count >= 3 {
                if !line.isEmpty { #expect(lines[1] == line, "\(r.stderr)") }
                #expect(lines[2].trimmingCharacters(in: .whitespaces) == "^", "\(r.stderr)")
                if column > 0 { #expect(lines[2] == String(repeating: " ", count: column - 1) + "^", "\(r.stderr)") }
                // the caret is under the column the first line names
                let parts = lines[0].dropFirst(path.count + 1).split(separator: ":")
                if parts.count >= 2, let col = Int(parts[1]) { #expect(lines[2].count == col, "\(r.stderr)") }
            }
        }
    }

    @Test func snippetWithDashE() throws {
        let r = try CLI.run(["-e", "f(x, y) = x^2 - y^2; grad(f, [1, 2])"])
        #expect(r.status == 0)
        #expect(r.stdout == "[2, -4]\n")
        let e = try CLI.run(["-e", "1 +* 2"])
        #expect(e.status == 1)
        #expect(e.stderr.contains("error: "))
        #expect(e.stderr.contains("^"))
    }

    @Test func helpAndVersionExit0() throws {
        let h = try CLI.run(["--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("sfn"))
        #expect(h.stdout.contains("-e"))
        let v = try CLI.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("sfn "))
    }

    @Test func badUsageExit2() throws {
        #expect(try CLI.run(["--no-such-option"]).status == 2)
        #expect(try CLI.run(["-e"]).status == 2)
        #expect(try CLI.run(["a.sfn", "b.sfn"]).status == 2)
    }

    @Test func missingScriptExit1() throws {
        let r = try CLI.run(["/nonexistent/dir/none.sfn"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: "))
    }

    @Test func pipedREPLEchoesNoPromptAndKeepsBindingsAfterAnError() throws {
        let r = try CLI.run([], stdin: "x = 2\nx + 1\nfo(1)\nx * 10\nv = [1,\n 2]\nv\n")
        #expect(!r.stdout.contains("sfn>"))
        #expect(!r.stdout.contains("...>"))
        #expect(r.stdout == "3\n20\n[1, 2]\n")  // multi-line input while a bracket is open
        #expect(r.stderr.contains("error: unknown name 'fo'"))
        #expect(r.stderr.contains("^"))
        let ok = try CLI.run([], stdin: "y = 1\ny + 1\n")
        #expect(ok.status == 0)
        #expect(ok.stdout == "2\n")
    }

    /// A piped REPL shows what a `:` command printed before the next line arrives (it stayed in
    /// stdout's buffer until exit: `sfn | tee log` showed no `:time` line while the input was open).
    @Test func pipedREPLShowsACommandsOutputBeforeTheNextLine() throws {
        let binary = try #require(CLI.binary)
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let input = Pipe()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.environment = ProcessInfo.processInfo.environment.merging(["HOME": dir.path]) { $1 }
        p.standardInput = input
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        try p.run()
        input.fileHandleForWriting.write(Data(":time y = 1 + 1\n:precision\n".utf8))
        var shown = ""
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            shown = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            if shown.contains("significant digits") { break }
            usleep(20_000)
        }
        try input.fileHandleForWriting.close()  // end of input: the REPL exits
        p.waitUntilExit()
        #expect(shown.contains("time: "), "while the input was open: \(shown.debugDescription)")
        #expect(shown.contains("showing 6 significant digits"))
        #expect(p.terminationStatus == 0)
    }

    @Test func replCommands() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lib = try Conf.write("loaded = 41\n", to: "lib.sfn", in: dir)
        let input = """
            x = 2
            :vars
            :help classify
            :load \(lib)
            loaded + 1
            :reset
            :vars
            :quit
            print("never")
            """ + "\n"
        let r = try CLI.run([], stdin: input)
        #expect(r.stdout.contains("x = 2"))                      // :vars
        #expect(r.stdout.contains("classify(f, x, tol=1e-6, gtol=1e-6)"))  // :help name
        #expect(r.stdout.contains("42\n"))                       // :load file
        #expect(!r.stdout.contains("never"))                     // :quit
        let afterReset = r.stdout.components(separatedBy: "42\n").last ?? ""
        #expect(!afterReset.contains("x = 2"))                   // :reset
        let h = try CLI.run([], stdin: ":help\n")
        #expect(h.stdout.contains("classify"))
        #expect(h.stdout.contains("sfn("))
    }
}
