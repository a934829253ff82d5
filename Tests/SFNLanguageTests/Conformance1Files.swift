// Conformance with LANGUAGE.md, section by section (Conformance1Files … Conformance8Embedding).
// Each suite walks its section of the contract row by row, so that a change breaking a name, an
// argument name, a record field or an exit code fails here. This file also holds the helpers the
// conformance suites share (`Conf`).
import Foundation
import SFNNumerics
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// Helpers shared by the Conformance* suites.
enum Conf {
    struct Run { var value: Value; var output: String }
    final class Log: @unchecked Sendable { var text = "" }

    /// Runs source in an interpreter (a fresh one by default); the last value and everything printed.
    @discardableResult
    static func run(_ source: String, in interpreter: Interpreter = Interpreter(), name: String = "conf.sfn") throws -> Run {
        let log = Log()
        interpreter.output = { log.text += $0 }
        let v = try interpreter.run(source, name: name)
        return Run(value: v, output: log.text)
    }

    static func value(_ s: String) throws -> Value { try run(s).value }
    static func output(_ s: String) throws -> String { try run(s).output }
    static func number(_ s: String) throws -> Double? { try value(s).number }
    static func doubles(_ s: String) throws -> [Double]? { try value(s).doubles }
    static func rows(_ s: String) throws -> [[Double]]? { try value(s).matrixRows }
    static func bool(_ s: String) throws -> Bool? { if case .bool(let b) = try value(s) { return b }; return nil }
    static func string(_ s: String) throws -> String? { if case .string(let t) = try value(s) { return t }; return nil }
    static func shape(_ s: String) throws -> [Int]? { if case .tensor(let t) = try value(s) { return t.shape }; return nil }
    static func record(_ s: String) throws -> Record? { if case .record(let r) = try value(s) { return r }; return nil }
    static func list(_ s: String) throws -> [Value]? { if case .list(let l) = try value(s) { return l }; return nil }

    /// The error the program stops with (nil when it runs to its end).
    static func error(_ s: String, in interpreter: Interpreter = Interpreter(), name: String = "conf.sfn") -> SFNError? {
        do { try run(s, in: interpreter, name: name); return nil } catch let e as SFNError { return e } catch { return nil }
    }

    static func close(_ a: Double?, _ b: Double, tol: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tol * max(1, abs(b))
    }

    static func close(_ a: [Double]?, _ b: [Double], tol: Double = 1e-9) -> Bool {
        guard let a, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { close($0, $1, tol: tol) }
    }

    /// The kind of a value as these tests name it.
    static func kind(_ v: Value?) -> String {
        switch v {
        case .number?: return "number"
        case .bool?: return "bool"
        case .string?: return "string"
        case .tensor(let t)?: return t.rank == 1 ? "vector" : t.rank == 2 ? "matrix" : "tensor"
        case .list?: return "list"
        case .function?: return "function"
        case .record?: return "record"
        case .native(let n)?: return n.typeName
        case .nothing?: return "nothing"
        case .traced?: return "traced"
        case nil: return "missing"
        }
    }

    /// For each expected field: the kind found (so a failure shows which field is missing or wrong).
    static func fieldKinds(_ r: Record?, _ expected: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in expected.keys {
            out[name] = kind(r?[name])
        }
        return out
    }

    /// A fresh temporary directory.
    static func tempDir() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-conf-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `text` to `name` in `dir`; returns its path.
    @discardableResult
    static func write(_ text: String, to name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

/// LANGUAGE.md §1: files, lines, comments.
@Suite struct Conformance1Files {
    @Test func scriptFileWithShebangLine() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write("#!/usr/bin/env sfn\nx = 2\nx * 3\n", to: "script.sfn", in: dir)
        let interp = Interpreter()
        let log = Conf.Log()
        interp.output = { log.text += $0 }
        #expect(try interp.runFile(path: path).number == 6)
        #expect(log.text == "6\n")
    }

    @Test func shebangInSourceText() throws {
        #expect(try Conf.number("#!/usr/local/bin/sfn\n1 + 1") == 2)
    }

    @Test func utf8Text() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write("# θ — a comment with ✓ and λ\ns = \"θ ≤ λ\"  # ünïcödé\ns\n", to: "utf8.sfn", in: dir)
        let interp = Interpreter()
        interp.output = { _ in }
        #expect(try interp.runFile(path: path).swiftValue as? String == "θ ≤ λ")
    }

    @Test func hashStartsACommentToTheEndOfTheLine() throws {
        #expect(try Conf.number("x = 1 # x = 2\nx") == 1)
        #expect(try Conf.number("# a whole-line comment\n# another\n7 # trailing") == 7)
        #expect(try Conf.output("# only comments\n# here\n") == "")
        #expect(try Conf.string("s = \"a # b\"  # not part of the string\ns") == "a # b")
    }

    @Test func newlineEndsAStatement() throws {
        let r = try Conf.run("x = 1\ny = 2\nx + y\nx * 10")
        #expect(r.output == "3\n10\n")
        #expect(r.value.number == 10)
    }

    @Test func noStatementEndInsideBrackets() throws {
        #expect(try Conf.number("x = (1 +\n 2\n)\nx") == 3)
        #expect(try Conf.doubles("v = [1,\n 2,\n 3]\nv") == [1, 2, 3])
        #expect(try Conf.rows("A = [1, 2;\n 3, 4]\nA") == [[1, 2], [3, 4]])
        #expect(try Conf.number("b = {\n t = 2\n t * t\n}\nb") == 4)
        #expect(try Conf.number("f(a,\n b) = a * b\nf(2,\n 3)") == 6)
        #expect(try Conf.number("g = (\n a,\n b) -> a - b\ng(5, 3)") == 2)
    }

    @Test func noStatementEndAfterABinaryOperatorOrComma() throws {
        #expect(try Conf.number("x = 1 +\n2") == nil)  // an assignment has no value …
        #expect(try Conf.number("x = 1 +\n2\nx") == 3)  // … but the line continued
        #expect(try Conf.number("2 *\n3 -\n1") == 5)
        #expect(try Conf.number("2 ^\n3") == 8)
        #expect(try Conf.bool("true and\nfalse") == false)
        #expect(try Conf.bool("false or\ntrue") == true)
        #expect(try Conf.bool("1 <\n2") == true)
        #expect(try Conf.number("[1, 2] @\n[3, 4]") == 11)
        #expect(try Conf.doubles("1:\n3") == [1, 2, 3])
        #expect(try Conf.number("max(1,\n5)") == 5)
    }

    @Test func semicolonEndsAStatementAndSilencesIt() throws {
        let r = try Conf.run("a = 1; b = 2; a + b; a * b")
        #expect(r.output == "2\n")
        #expect(r.value.number == 2)
        #expect(try Conf.output("1; 2") == "2\n")
        #expect(try Conf.output("3;") == "")
        #expect(try Conf.output("x = 5;\nx;\n[1, 2];") == "")
        // A silenced statement still runs: its side effects happen.
        #expect(try Conf.output("print(\"side effect\");") == "side effect\n")
        #expect(try Conf.number("x = 5; x;") == 5)
    }

    @Test func errorsCarryTheFileLineAndColumn() throws {
        let e = try #require(Conf.error("x = 1\ny = x +* 2", name: "where.sfn"))
        #expect(e.location.file == "where.sfn")
        #expect(e.location.line == 2)
    }
}
