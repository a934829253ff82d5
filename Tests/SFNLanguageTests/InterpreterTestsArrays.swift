import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// The array utilities beyond the contract (Builtins/Arrays.swift): values against hand-computed
/// answers, derivatives of the differentiable ones against closed forms, and their errors.
@Suite struct InterpreterTestsArrays {
    @Test func constructors() throws {
        #expect(try doubles("linspace(0, 1, 5)") == [0, 0.25, 0.5, 0.75, 1])
        #expect(try doubles("linspace(-1, 1, 3)") == [-1, 0, 1])
        #expect(try doubles("linspace(0, 0.3, 4)")?.last == 0.3)   // the end point exactly
        #expect(try doubles("length(linspace(0, 1))") == [50])
        #expect(try doubles("linspace(2, 3, 1)") == [2])
        #expect(try shown("fill(2, 3)") == "[2, 2, 2]")
        #expect(try shown("fill(-1, 2, 3)") == "[-1, -1, -1;\n -1, -1, -1]")
    }

    @Test func diagonalAndTrace() throws {
        #expect(try shown("diag([1, 2])") == "[1, 0;\n 0, 2]")
        #expect(try doubles("diag([1, 2, 3; 4, 5, 6])") == [1, 5])
        #expect(try doubles("diag(diag([7, 8, 9]))") == [7, 8, 9])
        #expect(try number("trace([1, 2; 3, 4])") == 5)
        #expect(failure("trace([1, 2])")?.message == "trace: expected a matrix, got a vector of length 2")
    }

    @Test func determinantAndInverse() throws {
        #expect(try number("det([1, 2; 3, 4])") == -2)
        // One row interchange: det of the permutation [0 1; 1 0] is −1.
        #expect(try number("det([0, 1; 1, 0])") == -1)
        #expect(try number("det([1, 2; 2, 4])") == 0)
        let d = try #require(try number("det([2, 1, 0; 1, 3, 1; 0, 1, 4])"))
        #expect(abs(d - 18) < 1e-12)   // 2(12 − 1) − 1(4 − 0) = 18
        #expect(try doubles("inv([2, 1; 1, 1])") == [1, -1, -1, 2])
        let identity = try #require(try doubles("A = [4, 1; 2, 3]\ninv(A) @ A"))
        #expect(zip(identity, [1.0, 0, 0, 1]).allSatisfy { abs($0 - $1) < 1e-15 })
        let e = failure("x = 1\ninv([1, 2; 2, 4])")
        #expect(e?.message == "inv: matrix is singular")
        #expect(e?.location.line == 2)
        #expect(failure("det([1, 2, 3])")?.message.hasPrefix("det: 'A' must be a matrix") == true)
        #expect(failure("inv([1, 2, 3; 4, 5, 6])")?.message == "inv: expected a square matrix, got shape (2, 3)")
    }

    @Test func orderings() throws {
        #expect(try doubles("sort([3, 1, 2])") == [1, 2, 3])
        #expect(try doubles("sort([3, 1, 2], rev=true)") == [3, 2, 1])
        let s = try #require(try doubles("sort([2, nan, -1])"))
        #expect(s[0] == -1 && s[1] == 2 && s[2].isNaN)
        #expect(try number("argmin([3, 1, 1])") == 2)   // the first on ties
        #expect(try number("argmax([1, 5, 5, 2])") == 2)
        #expect(try number("argmax([1, nan, 3])") == 2)  // nan propagates, as in NumPy and Julia
        #expect(failure("argmin([])")?.message == "argmin: the vector is empty")
    }

    @Test func cumulativeSums() throws {
        #expect(try doubles("cumsum([1, 2, 3, 4])") == [1, 3, 6, 10])
        #expect(try doubles("cumsum(5)") == [5])
        #expect(failure("cumsum([1, 2; 3, 4])")?.message == "cumsum: expected a vector, got shape (2, 2)")
    }

    @Test func concatenation() throws {
        #expect(try doubles("vcat([1, 2], 3, [4])") == [1, 2, 3, 4])
        #expect(try shown("vcat([1, 2; 3, 4], [5, 6])") == "[1, 2;\n 3, 4;\n 5, 6]")
        #expect(try shown("hcat([1, 2], [3, 4])") == "[1, 3;\n 2, 4]")
        #expect(try shown("hcat([1, 2; 3, 4], [5, 6])") == "[1, 2, 5;\n 3, 4, 6]")
        #expect(try shown("vcat([\"a\"], \"b\", [1, 2])") == "[\"a\", \"b\", [1, 2]]")
        let e = failure("hcat([1, 2], [3, 4, 5])")
        #expect(e?.message == "hcat: cannot join shapes (2, 1) and (3, 1): the numbers of rows differ")
        #expect(e?.location.column == 14)   // at the argument that does not fit
        #expect(failure("fill(1, 1e18)")?.message == "fill: 'n' is too large, got 1.0e18")
        #expect(failure("vcat()")?.message == "vcat: nothing to join")
    }

    @Test func tests() throws {
        #expect(try doubles("isnan([1, nan, inf])") == [0, 1, 0])
        #expect(try doubles("isfinite([1, nan, inf, -inf])") == [1, 0, 0, 0])
        #expect(try shown("string(\"f = \", 0.5, \", x = \", [1, 2])") == "\"f = 0.5, x = [1, 2]\"")
        #expect(try shown("string()") == "\"\"")
    }

    @Test func differentiableOnesWorkInsideObjectives() throws {
        // f(w) = trace(W) + Σ cumsum(w) + Σ diag(w) with W = reshape(w, 2, 2):
        // ∇ = (1, 0, 0, 1) + (4, 3, 2, 1) + (1, 1, 1, 1).
        #expect(try doubles("f(w) = trace(reshape(w, 2, 2)) + sum(cumsum(w)) + sum(diag(w))\ngrad(f, [1, 2, 3, 4])") == [6, 4, 3, 3])
        // Σ vcat(w, w²) = Σ w + Σ w²: ∇ = 1 + 2w, H = 2I.
        #expect(try doubles("g(w) = sum(vcat(w, w^2))\ngrad(g, [1, 2])") == [3, 5])
        #expect(try doubles("g(w) = sum(vcat(w, w^2))\nhessian(g, [1, 2])") == [2, 0, 0, 2])
        // hcat(w, 2w) @ [1, 1] = 3w.
        #expect(try doubles("h(w) = sum(hcat(w, 2*w) @ [1, 1])\ngrad(h, [1, 2])") == [3, 3])
        // diag(w) @ w = w²: H = 2I.
        #expect(try doubles("q(w) = sum(diag(w) @ w)\nhessian(q, [1, -3])") == [2, 0, 0, 2])
        // The concrete-only ones say why inside an objective.
        let e = failure("f(w) = det(reshape(w, 2, 2))\ngrad(f, [1, 2, 3, 4])")
        #expect(e?.message.contains("must be a concrete value") == true)
    }

    @Test func edgeCasesFoundByReview() throws {
        #expect(try number("det(zeros(0, 0))") == 1)
        #expect(failure("diag(zeros(1e5))")?.message == "diag: 10000000000 elements is more than the limit of 1e8")
        #expect(try shown("isnan(nan)") == "true")
        #expect(try shown("if isfinite(1) then 1 else 2") == "1")
        #expect(try doubles("findall([3, 0, 5] > 1)") == [1, 3])
        #expect(try doubles("findall([0, 0])") == [])
        // Collecting into a list that starts empty.
        #expect(try shown("L = []\nfor s in [\"a\", \"b\"] { L = vcat(L, s) }\nL") == "[\"a\", \"b\"]")
        #expect(try shown("vcat([], [\"a\"])") == "[\"a\"]")
        // cumsum on the tape is a running sum: its first element does not meet the infinite
        // second one (a product with a triangular matrix of ones made it 1 + 0·inf = nan).
        #expect(try number("f(x) = cumsum([x[1], exp(x[2])])[1]\nr = gd(f, [1, 1000], steps=0, quiet=true)\nr.f") == 1)
        #expect(try doubles("f(x) = sum(cumsum(x))\ngrad(f, ones(100000))")?.first == 100000)
    }
}
