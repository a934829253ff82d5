// Issue 18, item 4: Tab completion's rules as a pure function of the line and the cursor (the
// REPL's readline glue only restates the matches for readline's word).
import Foundation
import Testing
@testable import SFNLanguage

@Suite struct CompletionTests {
    static let commands = [":help", ":vars", ":load", ":time", ":precision", ":reset", ":quit"]

    func interpreter() throws -> Interpreter {
        let sfn = Interpreter()
        sfn.output = { _ in }
        try sfn.run("""
            s = record(x = [1, 2], f = 0.5, fit = record(slope = 2, intercept = 1))
            data_dir = 3
            damp = 1
            """)
        return sfn
    }

    /// Completes at the end of `line` (or at the `|` in it).
    func complete(_ line: String, in sfn: Interpreter, directory: String = "/") -> Completion {
        let cursor = line.firstIndex(of: "|").map { line.distance(from: line.startIndex, to: $0) } ?? line.count
        return Completer.complete(line.replacingOccurrences(of: "|", with: ""), cursor: cursor, interpreter: sfn,
                                  commands: CompletionTests.commands, directory: directory)
    }

    @Test func replCommandsCompleteAsCommandsNotBuiltins() throws {
        let sfn = try interpreter()
        // The bug: `:he` became `:hessian` (the ':' was a word break, so the built-ins matched).
        #expect(complete(":he", in: sfn) == Completion(start: 0, matches: [":help"], terminator: " "))
        #expect(complete(":", in: sfn).matches == CompletionTests.commands.sorted())
        #expect(complete("  :ti", in: sfn) == Completion(start: 2, matches: [":time"], terminator: " "))
        #expect(complete(":help hess", in: sfn) == Completion(start: 6, matches: ["hessian"], terminator: ""))
        #expect(complete("?hes", in: sfn) == Completion(start: 1, matches: ["hessian"], terminator: ""))
        // After :time comes an expression.
        #expect(complete(":time s.f", in: sfn).matches == ["f", "fit"])
    }

    @Test func recordFieldsAfterADot() throws {
        let sfn = try interpreter()
        #expect(complete("s.", in: sfn) == Completion(start: 2, matches: ["f", "fit", "x"], terminator: ""))
        #expect(complete("y = s.f", in: sfn) == Completion(start: 6, matches: ["f", "fit"], terminator: ""))
        #expect(complete("s.fit.sl", in: sfn) == Completion(start: 6, matches: ["slope"], terminator: ""))
        #expect(complete("damp.", in: sfn).matches.isEmpty)   // not a record
        #expect(complete("nope.", in: sfn).matches.isEmpty)   // not bound
        #expect(complete("1.", in: sfn).matches.isEmpty)      // a number
    }

    @Test func namedArgumentsOfTheBuiltinBeingCalled() throws {
        let sfn = try interpreter()
        let c = complete("sfn(f, x, da", in: sfn)
        #expect(c.start == 10)
        #expect(c.matches == ["damp", "damping=", "data=", "data_dir"])  // options and names
        #expect(complete("r = sfn(f, x, dampi", in: sfn) == Completion(start: 14, matches: ["damping="], terminator: ""))
        // The innermost open call counts; a closed one does not.
        #expect(complete("gd(f, [1, 2], st", in: sfn).matches.contains("steps="))
        #expect(complete("classify(f, sfn(f, x).x, gt", in: sfn).matches == ["gtol="])
        #expect(!complete("f(gd(f, x), st", in: sfn).matches.contains("steps="))
        // Not where an argument starts: a plain name.
        #expect(complete("sfn(f, x + da", in: sfn).matches == ["damp", "data_dir"])
    }

    @Test func namesAndKeywords() throws {
        let sfn = try interpreter()
        #expect(complete("x + gr", in: sfn) == Completion(start: 4, matches: ["grad"], terminator: " "))
        #expect(complete("cla", in: sfn).matches == ["classify"])
        #expect(complete("for i i", in: sfn).matches.contains("in"))
    }

    @Test func pathsInsideAStringAndAfterLoad() throws {
        let sfn = try interpreter()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-complete-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("examples"), withIntermediateDirectories: true)
        for f in ["data/digits.csv", "data/dims.json", "data/.hidden", "examples/tour.sfn"] {
            try "".write(to: dir.appendingPathComponent(f), atomically: true, encoding: .utf8)
        }
        let d = dir.path
        #expect(complete("load(\"data/di", in: sfn, directory: d)
                == Completion(start: 6, matches: ["data/digits.csv", "data/dims.json"], terminator: ""))
        #expect(complete("load(\"data/dig", in: sfn, directory: d)
                == Completion(start: 6, matches: ["data/digits.csv"], terminator: "\""))
        #expect(complete("load(\"data/dig|\")", in: sfn, directory: d).terminator == "")  // already closed
        #expect(complete("load(\"da", in: sfn, directory: d) == Completion(start: 6, matches: ["data/"], terminator: ""))
        #expect(complete("load(\"data/.h", in: sfn, directory: d).matches == ["data/.hidden"])
        #expect(complete("load(\"data/", in: sfn, directory: d).matches == ["data/digits.csv", "data/dims.json"])
        #expect(complete(":load exa", in: sfn, directory: d) == Completion(start: 6, matches: ["examples/"], terminator: ""))
        #expect(complete(":load examples/t", in: sfn, directory: d).matches == ["examples/tour.sfn"])
        #expect(complete("load(\"\(d)/data/dim", in: sfn, directory: "/").matches == ["\(d)/data/dims.json"])
        // A closed string is not completed as a path; an escaped quote does not close it.
        #expect(complete("x = \"data\" + da", in: sfn, directory: d).matches == ["damp", "data_dir"])
        #expect(complete("load(\"a\\\"b", in: sfn, directory: d).start == 6)
    }
}
