// LANGUAGE.md §2: values, row by row.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

@Suite struct Conformance2Values {
    // number: `3`, `2.5`, `1e-4`, `inf`, `nan`, `pi` — IEEE double
    @Test func numberLiterals() throws {
        #expect(try Conf.value("3").number == 3)
        #expect(try Conf.value("2.5").number == 2.5)
        #expect(try Conf.value("1e-4").number == 1e-4)
        #expect(try Conf.value("1E3").number == 1000)
        #expect(try Conf.value("inf").number == .infinity)
        #expect(try Conf.value("-inf").number == -.infinity)
        #expect(try Conf.value("nan").number?.isNaN == true)
        #expect(try Conf.value("pi").number == Double.pi)
        // IEEE double arithmetic, not decimal.
        #expect(try Conf.number("0.1 + 0.2") == 0.1 + 0.2)
        #expect(Conf.kind(try Conf.value("3")) == "number")
    }

    // bool: `true`, `false`
    @Test func boolLiterals() throws {
        #expect(try Conf.bool("true") == true)
        #expect(try Conf.bool("false") == false)
        #expect(Conf.kind(try Conf.value("1 < 2")) == "bool")
    }

    // string: `"text\n"` with escapes \n \t \" \\
    @Test func stringLiteralsAndEscapes() throws {
        #expect(try Conf.string("\"text\"") == "text")
        #expect(try Conf.string("\"text\\n\"") == "text\n")
        #expect(try Conf.string("\"a\\tb\"") == "a\tb")
        #expect(try Conf.string("\"say \\\"hi\\\"\"") == "say \"hi\"")
        #expect(try Conf.string("\"back\\\\slash\"") == "back\\slash")
        #expect(try Conf.string("\"\"") == "")
        #expect(try Conf.output("print(\"a\\tb\\n\\\"c\\\"\\\\\")") == "a\tb\n\"c\"\\\n")
    }

    // tensor: `[1, 2, 3]` (vector), `[1, 2; 3, 4]` (2×2 matrix), `1:5`; doubles, row-major, vectors 1-D
    @Test func tensorLiterals() throws {
        #expect(try Conf.shape("[1, 2, 3]") == [3])
        #expect(try Conf.doubles("[1, 2, 3]") == [1, 2, 3])
        #expect(try Conf.shape("[1, 2; 3, 4]") == [2, 2])
        #expect(try Conf.rows("[1, 2; 3, 4]") == [[1, 2], [3, 4]])
        #expect(try Conf.shape("[1, 2, 3; 4, 5, 6]") == [2, 3])
        #expect(try Conf.shape("1:5") == [5])
        #expect(try Conf.doubles("1:5") == [1, 2, 3, 4, 5])
        // row-major: elements in order of rows
        #expect(try Conf.doubles("[1, 2; 3, 4]") == [1, 2, 3, 4])
        #expect(try Conf.number("A = [1, 2; 3, 4]; A[1, 2]") == 2)
        // vectors are 1-D (no row or column vectors)
        #expect(try Conf.doubles("size([1, 2, 3])") == [3])
        #expect(try Conf.doubles("size([1, 2, 3]')") == [3])
        #expect(try Conf.doubles("size([1.5, -2e3])") == [2])
    }

    // list: a bracket literal whose elements are not all numbers; indexable, iterable, `length`
    @Test func lists() throws {
        let l = try #require(try Conf.list("[\"sgd\", \"sfn\"]"))
        #expect(l.count == 2)
        #expect(try Conf.string("L = [\"sgd\", \"sfn\"]; L[2]") == "sfn")
        #expect(try Conf.number("length([\"sgd\", \"sfn\"])") == 2)
        #expect(try Conf.output("for m in [\"sgd\", \"sfn\"] { print(m) }") == "sgd\nsfn\n")
        // records in a list: [r1, r2]
        #expect(try Conf.number("r1 = record(a=1); r2 = record(a=2); L = [r1, r2]; t = 0; for r in L { t = t + r.a }; t") == 3)
        #expect(try Conf.number("r1 = record(a=1); r2 = record(a=2); length([r1, r2])") == 2)
        #expect(try Conf.number("r1 = record(a=1); r2 = record(a=5); [r1, r2][2].a") == 5)
        #expect(Conf.kind(try Conf.value("[1, \"a\"]")) == "list")
    }

    // function: `f(x, y) = ...`, `x -> x^2`, `(a, b) -> a*b`, built-ins — first class
    @Test func functions() throws {
        #expect(try Conf.number("f(x, y) = x * y; f(3, 4)") == 12)
        #expect(try Conf.number("sq = x -> x^2; sq(5)") == 25)
        #expect(try Conf.number("mul = (a, b) -> a*b; mul(6, 7)") == 42)
        #expect(Conf.kind(try Conf.value("f(x) = x; f")) == "function")
        #expect(Conf.kind(try Conf.value("x -> x")) == "function")
        #expect(Conf.kind(try Conf.value("sqrt")) == "function")
        // first class: passed, returned, stored
        #expect(try Conf.number("apply(g, v) = g(v); apply(x -> x + 1, 2)") == 3)
        #expect(try Conf.number("apply(g, v) = g(v); apply(sqrt, 16)") == 4)
        #expect(try Conf.number("h = sqrt; h(81)") == 9)
        #expect(try Conf.number("adder(n) = x -> x + n; add3 = adder(3); add3(4)") == 7)
        #expect(try Conf.number("fs = [x -> x + 1, x -> x * 10]; fs[2](3)") == 30)
    }

    // record: results of commands; `record(a=1, b=[1,2])`; fields read with `r.name`
    @Test func records() throws {
        #expect(try Conf.number("r = record(a=1, b=[1,2]); r.a") == 1)
        #expect(try Conf.doubles("r = record(a=1, b=[1,2]); r.b") == [1, 2])
        #expect(try Conf.record("record(a=1, b=[1,2])")?.names == ["a", "b"])
        #expect(try Conf.string("f(x) = x^2; classify(f, [0], quiet=true).kind") == "minimum")
        #expect(Conf.kind(try Conf.value("f(x) = x^2; gd(f, [1], steps=1, quiet=true)")) == "record")
        // a missing field is an error, not nothing
        #expect(Conf.error("r = record(a=1); r.zz") != nil)
    }

    // network: `mlp(...)`, `chain(...)`, callable as `net(w, X)`
    @Test
    func networks() throws {
        #expect(try Conf.number("net = mlp([4, 3, 2]); net.size") == 23)
        #expect(try Conf.shape("net = mlp([4, 3, 2]); w = init(net, seed=0); net(w, ones(5, 4))") == [5, 2])
        #expect(try Conf.shape("net = chain(dense(4, 3, tanh), dense(3, 2)); w = init(net, seed=0); net(w, ones(5, 4))") == [5, 2])
    }

    // dataset: `load(...)`, `digits()` — a record with fields x, y, n
    @Test
    func datasets() throws {
        let d = try #require(try Conf.record("digits()"))
        let want = ["x": "matrix", "y": "matrix", "n": "number"]
        #expect(Conf.fieldKinds(d, want) == want)
    }

    // nothing: the value of statements and of print; never displayed
    @Test func nothing() throws {
        let r = try Conf.run("x = print(\"hi\")\nx\n")
        #expect(r.output == "hi\n")
        #expect(Conf.kind(r.value) == "nothing")
        #expect(Conf.kind(try Conf.value("y = 3")) == "nothing")
        #expect(Conf.kind(try Conf.value("f(x) = x")) == "nothing")
        #expect(try Conf.output("for i in 1:2 { i }") == "")
        #expect(try Conf.value("print(1)").swiftValue == nil)
    }
}
