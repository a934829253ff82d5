import Foundation
import SFNNumerics
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// Runs source text in a fresh interpreter; returns the last value and everything printed.
@discardableResult
func sfn(_ source: String, _ interpreter: Interpreter = Interpreter()) throws -> (value: Value, output: String) {
    let out = OutputLog()
    interpreter.output = { out.text += $0 }
    let v = try interpreter.run(source, name: "t.sfn")
    return (v, out.text)
}

final class OutputLog: @unchecked Sendable { var text = "" }

/// The display form of the last value.
func shown(_ source: String) throws -> String { ValueDisplay.display(try sfn(source).value) }

/// The error a program stops with.
func failure(_ source: String, _ interpreter: Interpreter = Interpreter()) -> SFNError? {
    do { try sfn(source, interpreter); return nil } catch let e as SFNError { return e } catch { return nil }
}

func number(_ source: String) throws -> Double? { try sfn(source).value.number }

func doubles(_ source: String) throws -> [Double]? { try sfn(source).value.doubles }

@Suite struct InterpreterTestsValues {
    @Test func numbersDisplay() {
        #expect(ValueDisplay.number(3) == "3")
        #expect(ValueDisplay.number(-2) == "-2")
        #expect(ValueDisplay.number(0.1) == "0.1")
        #expect(ValueDisplay.number(1e-8) == "1.0e-8")
        #expect(ValueDisplay.number(2.5e20) == "2.5e20")
        #expect(ValueDisplay.number(.infinity) == "inf")
        #expect(ValueDisplay.number(-.infinity) == "-inf")
        #expect(ValueDisplay.number(.nan) == "nan")
    }

    @Test func everyKindDisplays() throws {
        #expect(try shown("[1, 2, 3]") == "[1, 2, 3]")
        #expect(try shown("[1, 2; 3, 40]") == "[1,  2;\n 3, 40]")
        #expect(try shown("\"a\\nb\"") == "\"a\\nb\"")
        #expect(try shown("true") == "true")
        #expect(try shown("[\"sgd\", \"sfn\"]") == "[\"sgd\", \"sfn\"]")
        #expect(try shown("record(kind=\"saddle\", index=1)") == "(kind = \"saddle\", index = 1)")
        #expect(try shown("f(x, y) = x\nf") == "function f(x, y)")
        #expect(try shown("x -> x") == "function (x) -> …")
        #expect(try shown("print").hasPrefix("built-in print("))
        #expect(try shown("1:5") == "[1, 2, 3, 4, 5]")
        #expect(try shown("[]") == "[]")
    }

    @Test func displayOfStatements() throws {
        let (_, out) = try sfn("x = 2\nx + 1\nx * 10;\nprint(\"a\", x, [1, 2])\n[x, 1]")
        #expect(out == "3\na 2 [1, 2]\n[2, 1]\n")
    }

    @Test func globalsAndIEEE() throws {
        #expect(try number("pi") == Double.pi)
        #expect(try number("1/0") == .infinity)
        #expect(try number("log(-1)")?.isNaN == true)
        #expect(try number("inf - inf")?.isNaN == true)
    }

    @Test func lists() throws {
        #expect(try shown("l = [1, \"a\", [1, 2]]\nl[2]") == "\"a\"")
        #expect(try number("length([\"a\", \"b\", 3])") == 3)
        #expect(try shown("[[1, 2], [3, 4]]") == "[1, 2;\n 3, 4]")
        #expect(try shown("[[1, 2], [3]]") == "[[1, 2], [3]]")
    }

    @Test func records() throws {
        #expect(try number("r = record(a=1, b=[1, 2])\nr.b[2]") == 2)
        #expect(failure("r = record(alpha=1)\nr.alpa")?.message == "a record has no field 'alpa'; did you mean 'alpha'?")
    }

    @Test func embeddingBindAndRegister() throws {
        let i = Interpreter()
        i.bind("w", .vector([1, 2]))
        i.register(Builtin("twice", signature: "twice(x)", summary: "2x", parameters: [.required("x")]) { args in
            .number(2 * (try args.number("x")))
        })
        #expect(try sfn("twice(w[2])", i).value.number == 4)
        #expect(i.builtins["twice"]?.summary == "2x")
    }
}

@Suite struct InterpreterTestsOperators {
    @Test func precedence() throws {
        #expect(try number("-2^2") == -4)
        #expect(try number("2^3^2") == 512)
        #expect(try number("1 + 2 * 3") == 7)
        #expect(try shown("1 < 2 and 2 < 3") == "true")
        #expect(try shown("not true or true") == "true")
    }

    @Test func broadcastingAndMatmul() throws {
        #expect(try doubles("[1, 2, 3] + 1") == [2, 3, 4])
        #expect(try doubles("[1, 2; 3, 4] @ [1, 1]") == [3, 7])
        #expect(try number("[1, 2] @ [3, 4]") == 11)
        #expect(try doubles("[1, 2; 3, 4] * [10, 100]") == [10, 200, 30, 400])
        #expect(try doubles("[1, 2, 3] .^ 2".replacingOccurrences(of: ".^", with: "^")) == [1, 4, 9])
        #expect(try doubles("[1, 2; 3, 4]'") == [1, 3, 2, 4])
    }

    @Test func comparisons() throws {
        #expect(try doubles("[1, 2, 3] > 2") == [0, 0, 1])
        #expect(try shown("2 == 2") == "true")
        #expect(try shown("\"a\" == \"a\"") == "true")
        #expect(try shown("\"a\" == 1") == "false")
        #expect(try doubles("([1, 2, 3] > 1) and ([1, 2, 3] < 3)") == [0, 1, 0])
    }

    @Test func shortCircuit() throws {
        #expect(try shown("false and undefined_name") == "false")
        #expect(try shown("true or undefined_name") == "true")
    }

    @Test func conditionalOnTensorSelects() throws {
        #expect(try doubles("x = [-1, 2]\nif x > 0 then x else -x") == [1, 2])
    }

    @Test func shapeMismatchNamesBothShapes() {
        let e = failure("a = [1, 2, 3]\nb = [1, 2]\nc = a + b")
        #expect(e?.message == "+: shapes (3,) and (2,) do not match")
        #expect(e?.location.line == 3)
        #expect(e?.location.column == 7)
    }
}

@Suite struct InterpreterTestsIndexing {
    @Test func oneBased() throws {
        #expect(try number("x = [10, 20, 30]\nx[1]") == 10)
        #expect(try number("x = [10, 20, 30]\nx[end]") == 30)
        #expect(try doubles("x = [10, 20, 30, 40]\nx[2:3]") == [20, 30])
        #expect(try doubles("x = [10, 20, 30, 40]\nx[[1, 4]]") == [10, 40])
        #expect(try doubles("x = [10, 20, 30, 40]\nx[end-1:end]") == [30, 40])
    }

    @Test func matrices() throws {
        let A = "A = [1, 2, 3; 4, 5, 6]\n"
        #expect(try number(A + "A[2, 3]") == 6)
        #expect(try doubles(A + "A[:, 1]") == [1, 4])
        #expect(try doubles(A + "A[2, :]") == [4, 5, 6])
        #expect(try doubles(A + "A[1]") == [1, 2, 3])
        #expect(try doubles(A + "A[:, 2:end]") == [2, 3, 5, 6])
        #expect(try doubles(A + "size(A)") == [2, 3])
    }

    @Test func ranges() throws {
        #expect(try doubles("1:5") == [1, 2, 3, 4, 5])
        #expect(try doubles("1:2:7") == [1, 3, 5, 7])
        #expect(try doubles("5:-2:1") == [5, 3, 1])
        #expect(try doubles("0:0.25:1") == [0, 0.25, 0.5, 0.75, 1])
        #expect(try doubles("3:2") == [])
        #expect(failure("1:1e12")?.message == "range has more than 1e9 elements")
    }

    @Test func outOfBounds() {
        let e = failure("x = [1, 2, 3]\nx[4]")
        #expect(e?.message == "index 4 is out of bounds for length 3")
        #expect(e?.location.line == 2)
        #expect(failure("x = [1, 2, 3]\nx[0]")?.message == "index 0 is out of bounds for length 3")
        #expect(failure("end")?.message.contains("inside an index") == true)
    }
}

@Suite struct InterpreterTestsFunctions {
    @Test func recursion() throws {
        #expect(try number("fact(n) = if n <= 1 then 1 else n * fact(n - 1)\nfact(10)") == 3628800)
    }

    @Test func lambdasAndClosures() throws {
        #expect(try number("sq = x -> x^2\nsq(3)") == 9)
        #expect(try number("mul = (a, b) -> a * b\nmul(3, 4)") == 12)
        #expect(try number("adder(k) = x -> x + k\nadd5 = adder(5)\nadd5(1)") == 6)
        #expect(try number("k = 1\ng(x) = x + k\nk = 10\ng(1)") == 11)
    }

    @Test func blocks() throws {
        #expect(try number("y = { a = 2; b = 3; a * b }\ny") == 6)
        #expect(try number("f(x) = {\n  s = x + 1\n  s * 2\n}\nf(1)") == 4)
    }

    @Test func namedArgumentsOfUserFunctions() throws {
        #expect(try number("f(a, b) = a - b\nf(b=1, a=5)") == 4)
        #expect(failure("f(a, b) = a - b\nf(1, c=2)")?.message == "unknown named argument 'c' for f; accepted: a, b")
    }

    @Test func generatorsAndComprehensions() throws {
        #expect(try number("sum(i^2 for i in 1:4)") == 30)
        #expect(try number("prod(i for i in 1:5)") == 120)
        #expect(try number("max(abs(i - 3) for i in 1:10)") == 7)
        #expect(try doubles("[i^2 for i in 1:5]") == [1, 4, 9, 16, 25])
        #expect(try doubles("sum([i, 2 * i] for i in 1:3)") == [6, 12])
        #expect(try shown("[\"a\" for i in 1:2]") == "[\"a\", \"a\"]")
    }

    @Test func loopsAndIf() throws {
        #expect(try number("s = 0\nfor i in 1:10 { s = s + i }\ns") == 55)
        #expect(try number("s = 0\nfor v in [1, 2, 3] { if v != 2 { s = s + v } }\ns") == 4)
        #expect(try number("n = 0\nfor item in [\"a\", \"b\"] { n = n + length(item) }\nn") == 2)
        #expect(try number("if 1 > 2 { y = 1 } else { y = 2 }\ny") == 2)
        // Names made inside a loop body stay there.
        #expect(failure("for i in 1:2 { t = i }\nt")?.message == "unknown name 't'")
    }

    @Test func asserts() {
        let e = failure("x = 1\nassert x == 2")
        #expect(e?.message == "assertion failed")
        #expect(e?.location.line == 2 && e?.location.column == 1)
        #expect(failure("assert 1 > 2, \"one is not more than two\"")?.message == "assertion failed: one is not more than two")
        #expect(failure("assert true") == nil)
    }

    @Test func mathBuiltins() throws {
        #expect(try number("sum([1, 2; 3, 4])") == 10)
        #expect(try doubles("sum([1, 2; 3, 4], 1)") == [4, 6])
        #expect(try doubles("sum([1, 2; 3, 4], 2)") == [3, 7])
        #expect(try number("mean([1, 2, 3, 6])") == 3)
        #expect(try doubles("max([1, 5], [3, 2])") == [3, 5])
        #expect(try number("max([1, 5, 3])") == 5)
        #expect(try doubles("exp([0, 0])") == [1, 1])
        #expect(try number("relu(-3)") == 0)
        #expect(abs(try number("logsumexp([1000, 1000])")! - (1000 + log(2))) < 1e-9)
        #expect(try number("sum(softmax([1, 2, 3]))").map { abs($0 - 1) < 1e-12 } == true)
    }

    @Test func linearAlgebra() throws {
        #expect(try doubles("eig([2, 0; 0, -1]).values") == [-1, 2])
        #expect(try doubles("solve([2, 0; 0, 4], [2, 4])") == [1, 1])
        #expect(try number("norm([3, 4])") == 5)
        #expect(try number("dot([1, 2], [3, 4])") == 11)
        #expect(try shown("all([1, 1] > 0)") == "true")
        #expect(try shown("any([0, 0])") == "false")
        #expect(try doubles("eye(2)") == [1, 0, 0, 1])
        #expect(try doubles("zeros(2)") == [0, 0])
        #expect(try doubles("size(ones(2, 3))") == [2, 3])
        #expect(try doubles("reshape(1:6, 2, 3)[2, :]") == [4, 5, 6])
        #expect(try doubles("randn(3, seed=1)") == (try doubles("randn(3, seed=1)")))
        #expect(try number("length(rand(2, 3))") == 6)
    }
}

@Suite struct InterpreterTestsErrors {
    @Test func unknownNameWithSuggestion() {
        let e = failure("foo(x) = x\ny = 1 + fo(2)")
        #expect(e?.message == "unknown name 'fo'; did you mean 'foo'?")
        #expect(e?.location.line == 2 && e?.location.column == 9)
        #expect(e?.render() == "t.sfn:2:9: error: unknown name 'fo'; did you mean 'foo'?\ny = 1 + fo(2)\n        ^")
        #expect(failure("sqr(2)")?.message == "unknown name 'sqr'; did you mean 'sqrt'?")
    }

    @Test func argumentCounts() {
        #expect(failure("f(x, y) = x\nf(1)")?.message == "f expects 2 arguments, got 1")
        #expect(failure("f(x, y) = x\nf(1, 2, 3)")?.message == "f expects 2 arguments, got 3")
        #expect(failure("exp(1, 2)")?.message == "exp takes 1 positional argument, got 2")
        #expect(failure("f(x) = x\ngrad(f)")?.message == "grad expects 2 arguments (grad(f, x)), got 1")
    }

    @Test func unknownNamedArgument() {
        #expect(failure("f(x) = x^2\ngrad(f, [1], tol=1)")?.message
                == "unknown named argument 'tol' for grad; accepted: f, x, data, shapes, quiet")
    }

    @Test func callingANonFunction() {
        #expect(failure("x = 3\nx(1)")?.message == "'x' is a number, not a function")
    }

    @Test func deepRecursionIsAnError() throws {
        let e = failure("f(n) = f(n + 1)\nf(1)")
        #expect(e?.message == "recursion too deep (more than 1000 nested calls)")
        #expect(try number("g(n) = if n == 0 then 0 else 1 + g(n - 1)\ng(900)") == 900)
    }

    @Test func conditionsMustBeBools() {
        #expect(failure("if 1 { x = 1 }")?.message == "the condition of if must be true or false, got a number")
        #expect(failure("if [1, 2] > 0 { x = 1 }")?.message
                == "the condition of if must be true or false, got a vector of length 2 (use all(...) or any(...))")
    }

    @Test func errorsKeepEarlierBindings() throws {
        let i = Interpreter()
        _ = failure("a = 1\nb = nope", i)
        #expect(try sfn("a + 1", i).value.number == 2)
    }
}
