// LANGUAGE.md §4: statements, one test per form.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

@Suite struct Conformance4Statements {
    // x = expr (rebinding allowed)
    @Test func bind() throws {
        #expect(try Conf.number("x = 3\nx") == 3)
        #expect(try Conf.number("x = 3\nx = 4\nx") == 4)
        #expect(try Conf.string("x = 3\nx = \"now a string\"\nx") == "now a string")
        #expect(try Conf.number("x = 3\nx = x + 1\nx") == 4)
        #expect(try Conf.output("x = 3") == "")  // an assignment displays nothing
    }

    // f(x, y) = expr; the body may be a block { ... }
    @Test func defineFunction() throws {
        #expect(try Conf.number("f(x, y) = x^2 - y^2\nf(3, 1)") == 8)
        #expect(try Conf.number("f(x) = {\n  t = 2 * x\n  t + 1\n}\nf(3)") == 7)
        #expect(try Conf.number("f(x) = { t = 2 * x; t + 1 }; f(3)") == 7)
        #expect(try Conf.number("f(x) = x + 1\nf(x) = x + 2\nf(0)") == 2)  // redefinition
        #expect(try Conf.number("fact(n) = if n <= 1 then 1 else n * fact(n - 1)\nfact(5)") == 120)  // recursion
        #expect(try Conf.output("f(x) = x") == "")
    }

    // expr: the value is displayed unless it is nothing or the line ends in ;
    @Test func expressionStatement() throws {
        #expect(try Conf.output("1 + 1") == "2\n")
        #expect(try Conf.output("1 + 1;") == "")
        #expect(try Conf.output("print(\"x\")") == "x\n")  // print's value, nothing, is not displayed
        #expect(try Conf.output("\"s\"") == "\"s\"\n")
        #expect(try Conf.output("[1, 2]") == "[1, 2]\n")
        #expect(try Conf.output("true") == "true\n")
    }

    // assert cond — fails with "assertion failed" at this location
    @Test func assertWithoutMessage() throws {
        #expect(try Conf.output("assert 1 == 1\nassert true") == "")
        let e = try #require(Conf.error("x = 1\n  assert x == 2", name: "a.sfn"))
        #expect(e.message == "assertion failed")
        #expect(e.location == SourceLocation(file: "a.sfn", line: 2, column: 3))
        #expect(e.render() == "a.sfn:2:3: error: assertion failed\n  assert x == 2\n  ^")
        // the condition must be a bool
        #expect(Conf.error("assert [1, 1] == [1, 1]") != nil)
        #expect(Conf.error("assert all([1, 1] == [1, 1])") == nil)
    }

    // assert cond, "message"
    @Test func assertWithMessage() throws {
        let e = try #require(Conf.error("x = 3\nassert x == 2, \"x should be 2\"", name: "m.sfn"))
        #expect(e.message == "assertion failed: x should be 2")
        #expect(e.location.line == 2 && e.location.column == 1)
        #expect(e.render() == "m.sfn:2:1: error: assertion failed: x should be 2\nassert x == 2, \"x should be 2\"\n^")
        // the message is evaluated only when the assert fails, and shown in its printed form
        #expect(Conf.error("assert false, 3")?.message == "assertion failed: 3")
        #expect(Conf.error("assert false, \"a\" + 1")?.message.contains("assertion failed") == false)
        #expect(Conf.error("assert 1 < 2, \"never shown\"") == nil)
        // a script stops at the failed assert
        let interp = Interpreter()
        #expect(Conf.error("y = 1\nassert false\ny = 2", in: interp) != nil)
        #expect(interp.global("y")?.number == 1)
    }

    // import "saddles" — a stdlib module by name; runs once
    @Test func importStdlibByName() throws {
        #expect(try Conf.number("import \"saddles\"\nquartic_saddle(0, 1)") == -0.75)
        #expect(try Conf.string("import \"saddles\"\nclassify(saddle, [0, 0], quiet=true).kind") == "saddle")
        #expect(try Conf.output("import \"saddles\"") == "")  // modules display nothing
        #expect(Conf.error("import \"no_such_module_xyz\"") != nil)
    }

    // import "path" — relative to the importing file; runs once
    @Test func importRelativePathRunsOnce() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib"), withIntermediateDirectories: true)
        try Conf.write("print(\"loading helper\")\ntwice(x) = 2 * x\n", to: "lib/helper.sfn", in: dir)
        try Conf.write("import \"helper.sfn\"\nthrice(x) = 3 * x\n", to: "lib/tools.sfn", in: dir)  // relative to lib/
        let main = try Conf.write("""
            import "lib/helper"
            import "lib/helper.sfn"
            import "lib/tools"
            twice(thrice(1))
            """, to: "main.sfn", in: dir)
        // Run from another working directory: the paths are relative to the importing file.
        let interp = Interpreter()
        let log = Conf.Log()
        interp.output = { log.text += $0 }
        let v = try interp.runFile(path: main)
        #expect(v.number == 6)
        #expect(log.text == "loading helper\n6\n")  // imported three times, run once
    }

    // for i in 1:10 { ... } — also over a vector's elements or a list of values
    @Test func forLoops() throws {
        #expect(try Conf.number("s = 0\nfor i in 1:10 { s = s + i }\ns") == 55)
        #expect(try Conf.output("for i in 1:3 {\n  print(i)\n}") == "1\n2\n3\n")
        #expect(try Conf.output("for v in [2.5, -1] { print(v) }") == "2.5\n-1\n")
        #expect(try Conf.output("for m in [\"gd\", \"sfn\"] { print(m) }") == "gd\nsfn\n")
        #expect(try Conf.number("n = 0\nfor r in [record(a=1), record(a=2)] { n = n + r.a }\nn") == 3)
        #expect(try Conf.number("t = 0\nfor i in 1:3 { for j in 1:2 { t = t + i * j } }\nt") == 18)
    }

    // if cond { ... } else { ... }
    @Test func ifStatements() throws {
        #expect(try Conf.output("x = 5\nif x > 2 { print(\"big\") } else { print(\"small\") }") == "big\n")
        #expect(try Conf.output("x = 1\nif x > 2 { print(\"big\") } else { print(\"small\") }") == "small\n")
        #expect(try Conf.output("if true { print(\"yes\") }") == "yes\n")
        #expect(try Conf.output("if false { print(\"yes\") }") == "")
        #expect(try Conf.output("x = 1\nif x > 2 {\n  print(\"a\")\n} else {\n  print(\"b\")\n}") == "b\n")
        #expect(Conf.error("if [1, 2] > 0 { 1 }") != nil)  // the condition must be true or false
    }
}
