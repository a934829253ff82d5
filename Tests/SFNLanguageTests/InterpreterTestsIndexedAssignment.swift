import Foundation
import SFNNumerics
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// Indexed assignment (`x[i] = v`, EvaluateIndexedAssignment.swift): every target form, the
/// value semantics (the name is rebound to a modified copy), errors with their locations, and
/// assignment inside objectives (derivatives through the tape's Concat and Gather).
@Suite struct InterpreterTestsIndexedAssignment {
    /// `line:col message` of the error a program stops with, or "no error".
    func located(_ source: String, _ interpreter: Interpreter = Interpreter()) -> String {
        guard let e = failure(source, interpreter) else { return "no error" }
        return "\(e.location.line):\(e.location.column) \(e.message)"
    }

    // MARK: Targets

    @Test func vectorElements() throws {
        #expect(try doubles("x = [1, 2, 3]\nx[2] = 5\nx") == [1, 5, 3])
        #expect(try doubles("x = [1, 2, 3]\nx[1] = -1; x[3] = 30\nx") == [-1, 2, 30])
        #expect(try doubles("x = [1, 2, 3]\nx[end] = 1\nx") == [1, 2, 1])
        #expect(try doubles("x = [1, 2, 3]\nx[end - 1] = 0\nx") == [1, 0, 3])
        #expect(try doubles("x = [1, 2, 3]\ni = 2\nx[i + 1] = i * 10\nx") == [1, 2, 20])
        // A bool is 1 or 0, as in arithmetic.
        #expect(try doubles("x = [5, 5]\nx[1] = true; x[2] = false\nx") == [1, 0])
        // A one-element vector broadcasts to a slice (NumPy).
        #expect(try doubles("x = [1, 2, 3]\nx[2:3] = [9]\nx") == [1, 9, 9])
    }

    @Test func slicesAndRanges() throws {
        #expect(try doubles("x = [1, 2, 3, 4]\nx[2:3] = [7, 8]\nx") == [1, 7, 8, 4])
        #expect(try doubles("x = [1, 2, 3, 4]\nx[end-1:end] = [0, -1]\nx") == [1, 2, 0, -1])
        #expect(try doubles("x = [1, 2, 3, 4, 5]\nx[1:2:5] = 0\nx") == [0, 2, 0, 4, 0])
        #expect(try doubles("x = [1, 2, 3, 4]\nx[[4, 1]] = [40, 10]\nx") == [10, 2, 3, 40])
        #expect(try doubles("x = [1, 2, 3]\nx[:] = 7\nx") == [7, 7, 7])
        // An empty selection changes nothing.
        #expect(try doubles("x = [1, 2, 3]\nx[3:2] = []\nx[3:2] = 5\nx") == [1, 2, 3])
        // Repeated positions: the last write wins (NumPy, Julia).
        #expect(try doubles("x = [1, 2, 3]\nx[[1, 1]] = [5, 6]\nx") == [6, 2, 3])
    }

    @Test func matrixTargets() throws {
        let A = "A = [1, 2; 3, 4]\n"
        #expect(try shown(A + "A[2, 1] = 30\nA") == "[ 1, 2;\n 30, 4]")
        #expect(try shown(A + "A[:, 1] = [7, 8]\nA") == "[7, 2;\n 8, 4]")
        #expect(try shown(A + "A[1, :] = 0\nA") == "[0, 0;\n 3, 4]")
        #expect(try shown(A + "A[end, end] = -4\nA") == "[1,  2;\n 3, -4]")
        // One subscript selects rows, as when reading.
        #expect(try shown(A + "A[2] = [5, 6]\nA") == "[1, 2;\n 5, 6]")
        // A value broadcasts to the selection: a row to every row, a column to every column.
        #expect(try shown(A + "A[:, :] = [10, 20]\nA") == "[10, 20;\n 10, 20]")
        #expect(try shown(A + "A[:, :] = reshape([10, 20], 2, 1)\nA") == "[10, 10;\n 20, 20]")
        #expect(try shown(A + "A[1:2, 2] = [0, 0]\nA") == "[1, 0;\n 3, 0]")
        // A higher-rank tensor: the same rules along every axis.
        #expect(try doubles("T = reshape(1:8, 2, 2, 2)\nT[1, :, 2] = 0\nT") == [1, 0, 3, 0, 5, 6, 7, 8])
        #expect(try doubles("T = reshape(1:8, 2, 2, 2)\nT[2, 1, :] = [50, 60]\nT") == [1, 2, 3, 4, 50, 60, 7, 8])
    }

    @Test func listTargets() throws {
        #expect(try shown("L = [1, \"a\", 3]\nL[2] = \"b\"\nL") == "[1, \"b\", 3]")
        #expect(try shown("L = [\"a\", \"b\", \"c\"]\nL[end] = [1, 2]\nL") == "[\"a\", \"b\", [1, 2]]")
        #expect(try shown("L = [\"a\", \"b\", \"c\"]\nL[1:2] = [\"p\", \"q\"]\nL") == "[\"p\", \"q\", \"c\"]")
        #expect(try shown("L = [\"a\", \"b\", \"c\"]\nL[[1, 3]] = [7, 8]\nL") == "[7, \"b\", 8]")
        // Any other value is copied to each selected position.
        #expect(try shown("L = [\"a\", \"b\", \"c\"]\nL[2:3] = \"z\"\nL") == "[\"a\", \"z\", \"z\"]")
        // The list stays a list even when every element has become a number.
        let l = try sfn("L = [1, \"a\"]\nL[2] = 2\nL").value
        guard case .list(let items) = l else { Issue.record("not a list: \(l)"); return }
        #expect(items.allNumbers == [1, 2])
    }

    @Test func displaysNothing() throws {
        let (v, out) = try sfn("x = [1, 2, 3]\nx[2] = 5")
        guard case .nothing = v else { Issue.record("an indexed assignment has a value: \(v)"); return }
        #expect(out == "")
        #expect(try sfn("x = [1, 2, 3]\nx[2] = 5\nx").output == "[1, 5, 3]\n")
        #expect(try sfn("L = [\"a\"]\nL[1] = \"b\"\nA = eye(2)\nA[1, :] = 0").output == "")
    }

    // MARK: Value semantics

    @Test func anotherNameKeepsTheOldValue() throws {
        #expect(try shown("x = [1, 2, 3]\ny = x\nx[2] = 5\n[x, y]") == "[1, 5, 3;\n 1, 2, 3]")
        #expect(try shown("x = [1, 2, 3]\ny = x\ny[1] = 0\n[x, y]") == "[1, 2, 3;\n 0, 2, 3]")
        #expect(try shown("L = [\"a\", \"b\"]\nM = L\nL[1] = \"z\"\n[L, M]") == "[[\"z\", \"b\"], [\"a\", \"b\"]]")
        // Containers holding the value keep the old elements too.
        #expect(try shown("x = [1, 2]\nL = [x, \"s\"]\nr = record(v=x)\nx[1] = 9\n[L[1], r.v, x]") == "[1, 2;\n 1, 2;\n 9, 2]")
        // In a loop, each iteration's copy is independent of the one before.
        #expect(try shown("x = zeros(3)\nkeep = []\nfor i in 1:3 { y = x; x[i] = i; keep = [keep; sum(y)] }\n[x, keep]")
                == "[1, 2, 3;\n 0, 1, 3]")
    }

    @Test func functionsAndClosures() throws {
        // A value captured as a parameter keeps the old elements…
        #expect(try shown("x = [1, 2, 3]\nmk(v) = w -> dot(v, w)\ng = mk(x)\nx[1] = 10\n[g([1, 1, 1]), sum(x)]") == "[6, 15]")
        // …while a function that reads the name sees the new value at its next call, exactly as
        // after rebinding the name with `x = …`.
        #expect(try number("x = [1, 2, 3]\nh() = sum(x)\nx[1] = 10\nh()") == 15)
        #expect(try number("x = [1, 2, 3]\nh() = sum(x)\nx = [10, 2, 3]\nh()") == 15)
        // Inside a function, assigning into a global's elements makes a local copy.
        #expect(try shown("x = [1, 2, 3]\nk(i) = { x[i] = 0; x }\n[k(2), x]") == "[1, 0, 3;\n 1, 2, 3]")
        #expect(try shown("x = [1, 2, 3]\nk(i) = { x[i] = 0; sum(x) }\nk(1)\nx") == "[1, 2, 3]")
        // A function's argument is the caller's value; changing it inside changes only the copy.
        #expect(try shown("zero1(v) = { v[1] = 0; v }\nx = [1, 2]\n[zero1(x), x]") == "[0, 2;\n 1, 2]")
        // A loop at top level changes the global; one inside a block changes the block's name.
        #expect(try doubles("z = zeros(4)\nfor i in 1:4 { z[i] = i^2 }\nz") == [1, 4, 9, 16])
        #expect(try number("sq(n) = { v = zeros(n); for i in 1:n { v[i] = i^2 }; sum(v) }\nsq(4)") == 30)
        // Names bound in a block stay there.
        #expect(try doubles("x = [1, 2]\nb = { x[1] = 5; x }\n[b, x]") == [5, 2, 5, 2])
    }

    @Test func errorsLeaveTheValueAlone() throws {
        let i = Interpreter()
        try sfn("x = [1, 2, 3]\ny = x", i)
        #expect(failure("x[2:4] = [7, 8, 9]", i) != nil)
        #expect(failure("x[1:2] = [7, 8, 9]", i) != nil)
        #expect(failure("x[1] = \"a\"", i) != nil)
        #expect(try sfn("x", i).value.doubles == [1, 2, 3])
        try sfn("x[1] = 0", i)
        #expect(try sfn("x", i).value.doubles == [0, 2, 3])
        #expect(try sfn("y", i).value.doubles == [1, 2, 3])
    }

    @Test func changesInPlaceWhenNothingElseHoldsTheStorage() throws {
        // The address of the elements of a global tensor (the Value read here is dropped before
        // the next statement runs, so it does not hold the storage itself).
        func address(_ i: Interpreter, _ name: String) -> Int? {
            guard case .tensor(let t)? = i.global(name) else { return nil }
            return t.scalars.withUnsafeBufferPointer { $0.baseAddress.map { Int(bitPattern: $0) } }
        }
        let i = Interpreter()
        try sfn("x = zeros(1000)", i)
        let before = try #require(address(i, "x"))
        try sfn("x[1] = 5; x[2:3] = [6, 7]; for k in 4:1000 { x[k] = k }", i)
        #expect(address(i, "x") == before)
        #expect(try sfn("sum(x)", i).value.number == 5 + 6 + 7 + Double((4...1000).reduce(0, +)))
        // With another name holding the old value, the first write copies.
        try sfn("y = x\nx[1] = -1", i)
        #expect(address(i, "x") != before)
        #expect(address(i, "y") == before)
        #expect(try sfn("[x[1], y[1]]", i).value.doubles == [-1, 5])
        // A large loop stays linear (with a copy per step it would move 8n² = 80 GB).
        #expect(try number("n = 100000\nx = zeros(n)\nfor i in 1:n { x[i] = i }\nsum(x)") == 5_000_050_000)
    }

    // MARK: Errors, with their locations

    @Test func outOfRange() {
        #expect(located("x = [1, 2, 3]\nx[4] = 1") == "2:3 index 4 is out of bounds for length 3")
        #expect(located("x = [1, 2, 3]\nx[0] = 1") == "2:3 index 0 is out of bounds for length 3")
        #expect(located("x = [1, 2, 3]\nx[2:end+1] = 1") == "2:4 index 4 is out of bounds for length 3")
        #expect(located("A = [1, 2; 3, 4]\nA[1, 3] = 0") == "2:6 index 3 is out of bounds for axis 2 of extent 2")
        #expect(located("L = [\"a\"]\n  L[2] = 1") == "2:5 index 2 is out of bounds for a list of length 1")
        #expect(located("x = []\nx[end] = 1") == "2:3 index 0 is out of bounds for length 0")
        #expect(located("x = [1, 2]\nx[1, 1] = 0") == "2:2 a vector of length 2 takes at most 1 index, got 2")
        #expect(located("L = [\"a\"]\nL[1, 1] = 0") == "2:2 a list takes 1 index, got 2")
    }

    @Test func nonIntegerIndex() {
        #expect(located("x = [1, 2, 3]\nx[1.5] = 1") == "2:3 index must be a whole number, got 1.5")
        #expect(located("x = [1, 2, 3]\nx[nan] = 1") == "2:3 index must be a whole number, got nan")
        #expect(located("A = eye(2)\nA[1, 0.5:1] = 1") == "2:9 index must be a whole number, got 0.5")
        #expect(located("x = [1, 2, 3]\nx[\"a\"] = 1") == "2:3 an index must be a number or a vector of positions, got a string")
    }

    @Test func shapeMismatch() {
        #expect(located("x = [1, 2, 3, 4]\nx[2:3] = [7, 8, 9]")
                == "2:10 shape mismatch: cannot assign a value of shape (3,) to a selection of shape (2,)")
        #expect(located("A = [1, 2; 3, 4]\nA[:, 1] = [1, 2, 3]")
                == "2:11 shape mismatch: cannot assign a value of shape (3,) to a selection of shape (2,)")
        #expect(located("A = [1, 2; 3, 4]\nA[1, 1] = [1, 2]")
                == "2:11 shape mismatch: cannot assign a value of shape (2,) to a single element")
        #expect(located("A = eye(3)\nA[1:2, 1:2] = [1, 2, 3]")
                == "2:15 shape mismatch: cannot assign a value of shape (3,) to a selection of shape (2, 2)")
        #expect(located("L = [\"a\", \"b\", \"c\"]\nL[1:2] = [\"p\", \"q\", \"r\"]")
                == "2:10 shape mismatch: cannot assign a list of length 3 to a selection of 2 elements of a list")
        #expect(located("L = [\"a\", \"b\", \"c\"]\nL[1:2] = [1, 2, 3]")
                == "2:10 shape mismatch: cannot assign a vector of length 3 to a selection of 2 elements of a list")
        #expect(located("x = [1, 2]\nx[1] = \"a\"")
                == "2:8 cannot assign a string to elements of a vector of length 2: a tensor holds numbers only")
        #expect(located("x = [1, 2]\nx[1:2] = [\"a\", 1]")
                == "2:10 cannot assign a list to elements of a vector of length 2: a tensor holds numbers only")
    }

    @Test func undefinedName() {
        #expect(located("value = [1, 2]\nvalu[1] = 0") == "2:1 unknown name 'valu'; did you mean 'value'?")
        #expect(located("  q[1] = 0")
                == "1:3 unknown name 'q': assigning to its elements needs an existing value (create it first, e.g. q = zeros(3))")
        let e = failure("weights = zeros(2)\nweight[1] = 1")
        #expect(e?.render() == "t.sfn:2:1: error: unknown name 'weight'; did you mean 'weights'?\nweight[1] = 1\n^")
    }

    @Test func assigningIntoOtherKinds() {
        func into(_ kind: String, _ name: String) -> String {
            "cannot assign to elements of '\(name)': it is \(kind) (only the elements of a tensor or a list can be assigned)"
        }
        #expect(located("n = 3\nn[1] = 2") == "2:2 " + into("a number", "n"))
        #expect(located("s = \"abc\"\ns[1] = \"x\"") == "2:2 " + into("a string", "s"))
        #expect(located("r = record(a=1)\nr[1] = 2") == "2:2 " + into("a record", "r"))
        #expect(located("f(x) = x\nf[1] = 2") == "2:2 " + into("a function", "f"))
        #expect(located("g = x -> x\ng[1] = 2") == "2:2 " + into("a function", "g"))
        #expect(located("sum[1] = 0") == "1:4 " + into("a function", "sum"))
        #expect(located("b = true\nb[1] = 0") == "2:2 " + into("a bool", "b"))
        #expect(located("net = mlp([2, 1])\nnet[1] = 0") == "2:4 " + into("a network", "net"))
        let e = failure("y = 1\ny[1] = 2")
        #expect(e?.render() == "t.sfn:2:2: error: " + into("a number", "y") + "\ny[1] = 2\n ^")
    }

    @Test func nestedTargets() {
        let nested = "invalid assignment target: only elements of a plain name can be assigned (x[i] = …); to change r.x[1] or x[1][2], copy the inner value to a name, assign into it, and rebuild the outer value"
        #expect(located("r = record(x=[1, 2])\nr.x[1] = 0") == "2:1 " + nested)
        #expect(located("A = eye(2)\nA[1][2] = 0") == "2:1 " + nested)
    }

    @Test func evaluationOrder() {
        // The right side first (Python's order), then the name, then the subscripts.
        #expect(located("x = [1, 2]\nx[3] = nope").hasPrefix("2:8 unknown name 'nope'"))
        #expect(located("x = [1, 2]\nqq[nope] = 1").hasPrefix("2:1 unknown name 'qq'"))
    }

    @Test func oddInputsGiveErrorsNotCrashes() throws {
        for source in ["x = [1, 2]\nx[-1] = 0", "x = [1, 2]\nx[inf] = 0", "x = [1, 2]\nx[1e300] = 0",
                       "x = [1, 2]\nx[[1, 5]] = [0, 0]", "x = [1, 2]\nx[1:1e12] = 0", "x = zeros(2, 0)\nx[1, 1] = 0",
                       "x = [1, 2]\nx[[]] = [1, 2]", "x = [1, 2]\nx[1] = x -> x", "x = [1, 2]\nx[1] = record(a=1)",
                       "L = [\"a\"]\nL[[]] = [1, 2]", "x = [1, 2]\nx[true] = 0", "x = [1, 2]\nx[eye(2)] = 0"] {
            let e = failure(source)
            #expect(e != nil, "\(source) should fail")
            #expect((e?.location.line ?? 0) >= 1 && (e?.location.column ?? 0) >= 1)
        }
        // Edge cases that are fine: an empty matrix row, an empty list selection.
        #expect(try shown("x = zeros(2, 0)\nx[1, :] = 5\nsize(x)") == "[2, 0]")
        #expect(try shown("L = [\"a\"]\nL[[]] = []\nL") == "[\"a\"]")
        #expect(try doubles("x = [1, 2]\nx[[]] = [9]\nx") == [1, 2])
    }

    // MARK: Inside objectives

    @Test func blockLocalInAFunctionBody() throws {
        let f = "f(w) = { v = w * 1; v[1] = 0; sum(v) }\n"
        #expect(try number(f + "f([1, 2, 3])") == 5)
        // Eager calls do not change the argument.
        #expect(try doubles(f + "w = [1, 2, 3]\nf(w)\nw") == [1, 2, 3])
        // Traced: the overwritten element gets no derivative.
        #expect(try doubles(f + "grad(f, [1, 2, 3])") == [0, 1, 1])
        #expect(try doubles(f + "hessian(f, [1, 2, 3])") == [0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func derivativesAgainstClosedForms() throws {
        // v = (w₁², 3w₁, 3w₂): Σ v² = w₁⁴ + 9w₁² + 9w₂², ∇ = (4w₁³ + 18w₁, 18w₂, 0),
        // H = diag(12w₁² + 18, 18, 0).
        let g = "g(w) = { v = w^2; v[2:3] = w[1:2] * 3; sum(v * v) }\n"
        #expect(try number(g + "g([1, 2, 3])") == 1 + 9 + 36)
        #expect(close(try doubles(g + "grad(g, [1, 2, 3])"), [22, 36, 0]))
        #expect(close(try doubles(g + "grad(g, [2, -1, 5])"), [4 * 8 + 36, -18, 0]))
        #expect(close(try doubles(g + "hessian(g, [1, 2, 3])"), [30, 0, 0, 0, 18, 0, 0, 0, 0]))
        #expect(close(try doubles(g + "hvp(g, [1, 2, 3], [1, 1, 1])"), [30, 18, 0]))
        #expect(try shown(g + "check(g, [0.5, -1.5, 2], quiet=true).ok") == "true")
        // A matrix built element by element: Σ A = w₁ + w₂ + w₁w₂.
        let m = "m(w) = { A = zeros(2, 2); A[1, :] = w; A[2, 2] = w[1] * w[2]; sum(A) }\n"
        #expect(close(try doubles(m + "grad(m, [2, 5])"), [6, 3]))
        #expect(close(try doubles(m + "hessian(m, [2, 5])"), [0, 1, 1, 0]))
        // Filled in a loop: Σ wᵢ² ⇒ ∇ = 2w.
        let l = "l(w) = { v = zeros(3); for i in 1:3 { v[i] = w[i]^2 }; sum(v) }\n"
        #expect(close(try doubles(l + "grad(l, [1, 2, 3])"), [2, 4, 6]))
        // A traced number broadcast to a slice: v = (w₁, w₁, w₁), Σ v² = 3w₁².
        let s = "s(w) = { v = w; v[2:3] = w[1]; sum(v * v) }\n"
        #expect(close(try doubles(s + "grad(s, [1, 2, 3])"), [6, 0, 0]))
        // Repeated positions: the last write wins when traced too. (Three elements: [1, 1] on a
        // vector of two would be a mask.)
        let r = "r(w) = { v = zeros(3); v[[1, 1]] = w; sum(v * [10, 1, 1]) }\n"
        #expect(close(try doubles(r + "grad(r, [1, 2])"), [0, 10]))
        // Matrix parameters: W with its diagonal replaced by zeros, Σ (W∘(1−I))² ⇒ ∇ = 2W off the diagonal.
        let d = "d(W) = { V = W; V[1, 1] = 0; V[2, 2] = 0; sum(V^2) }\n"
        #expect(close(try doubles(d + "grad(d, [1, 2; 3, 4])"), [0, 4, 6, 0]))
    }

    @Test func tracedValuesIntoListsAndConstants() throws {
        // A traced vector distributed over a list: l = (w₁, w₂), l₁l₂ ⇒ ∇ = (w₂, w₁).
        #expect(close(try doubles("p(w) = { l = [1, \"a\"]; l[1:2] = w; l[1] * l[2] }\ngrad(p, [2, 3])"), [3, 2]))
        #expect(close(try doubles("p(w) = { l = [1, \"a\"]; l[2] = w[1]^2; l[2] }\ngrad(p, [3])"), [6]))
        // A captured constant with a traced element: d = (1, w, c₃), Σ d² ⇒ ∇ = 2w.
        let i = Interpreter()
        try sfn("c = [1, 2, 3]\nq(w) = { d = c; d[2] = w[1]; sum(d^2) }", i)
        #expect(try sfn("q([5])", i).value.number == 1 + 25 + 9)
        #expect(try sfn("grad(q, [5])", i).value.doubles == [10])
        #expect(i.compileCount == 1)
        // The objective never changed the captured constant.
        #expect(try sfn("c", i).value.doubles == [1, 2, 3])
        // Changing an element of the captured name recompiles, as rebinding it does.
        try sfn("c[3] = 10", i)
        #expect(try sfn("q([5])", i).value.number == 1 + 25 + 100)
        #expect(try sfn("grad(q, [5])", i).value.doubles == [10])
        #expect(i.compileCount == 2)
    }

    @Test func errorsInsideObjectives() {
        #expect(located("f(w) = { v = w; v[end + 1] = 0; sum(v) }\ngrad(f, [1, 2])")
                == "1:23 index 3 is out of bounds for length 2")
        #expect(located("f(w) = { v = w; v[1:2] = w[1:1] * [1, 1, 1]; sum(v) }\ngrad(f, [1, 2])")
                == "1:33 shape mismatch: cannot assign a value of shape (3,) to a selection of shape (2,)")
        #expect(located("f(w) = { v = [1, 2]; v[w[1]] = 0; sum(v) }\ngrad(f, [1])")
                == "1:25 an index must be a concrete number, but this one depends on the objective's parameters")
        #expect(located("f(x, y) = { x[1] = y; x + y }\ngrad(f, [1, 2])")
                == "1:14 cannot assign to elements of 'x': it is a number (only the elements of a tensor or a list can be assigned)")
    }

    @Test func aGlobalWrittenInALoopInsideAFunctionKeepsItsCopyForTheWholeCall() throws {
        // The copy lives in the function's scope, not the loop body's: the result is Julia's.
        #expect(try doubles("x = zeros(3)\nk() = { for i in 1:3 { x[i] = i }; x }\nk()") == [1, 2, 3])
        #expect(try doubles("x = zeros(3)\nk() = { for i in 1:3 { x[i] = i }; x }\nk()\nx") == [0, 0, 0])
        // Inside an objective the written copy is what the rest of the body reads: Σ xᵢ², ∇ = 2x.
        let f = "c = zeros(3)\nf(x) = { for i in 1:3 { c[i] = x[i]^2 }; sum(c) }\n"
        #expect(try number(f + "f([1, 2, 3])") == 14)
        #expect(try doubles(f + "grad(f, [1, 2, 3])") == [2, 4, 6])
    }

    @Test func aZeroOneVectorAsLongAsTheAxisIsAMask() throws {
        #expect(try doubles("x = [5, 6, 7]\nx[x > 5]") == [6, 7])
        #expect(try doubles("x = [5, 6, 7]\nx[x > 1] = 0\nx") == [0, 0, 0])
        #expect(try doubles("x = [5, 6, 7]\nx[x > 5] = [1, 2]\nx") == [5, 1, 2])
        #expect(try doubles("A = [1, 2; 3, 4]\nA[[0, 1], :]") == [3, 4])
        // Positions otherwise, including repeats in a shorter or longer vector.
        #expect(try doubles("x = [5, 6, 7]\nx[[1, 1]]") == [5, 5])
        #expect(try doubles("x = [5, 6, 7]\nx[[3, 1, 1, 2]]") == [7, 5, 5, 6])
    }
}
