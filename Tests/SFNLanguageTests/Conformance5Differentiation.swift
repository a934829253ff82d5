// LANGUAGE.md §5: differentiation — what θ is, data=, compilation, if-select, subgradients.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

@Suite struct Conformance5Differentiation {
    // f(x, y) with scalars: θ = [x, y]
    @Test func scalarParametersFlattenInOrder() throws {
        #expect(try Conf.doubles("f(x, y) = x * y^2; grad(f, [2, 3])") == [9, 12])
        #expect(try Conf.doubles("f(a, b, c) = a + 10 * b + 100 * c; grad(f, [0, 0, 0])") == [1, 10, 100])
        #expect(try Conf.rows("f(x, y) = x^2 * y; hessian(f, [1, 2])") == [[4, 2], [2, 0]])
        // the starting point is one vector of the total length
        #expect(Conf.error("f(x, y) = x + y; grad(f, [1, 2, 3])") != nil)
        #expect(try Conf.doubles("f(x, y) = x^2 + y; gd(f, [1, 0], steps=1, lr=0.5, quiet=true).x") == [0, -0.5])
    }

    // f(w) with a vector: θ = w
    @Test func vectorParameterIsTheta() throws {
        #expect(try Conf.doubles("f(w) = sum(w^2); grad(f, [1, 2, 3])") == [2, 4, 6])
        #expect(try Conf.shape("f(w) = sum(w^2); hessian(f, [1, 2, 3])") == [3, 3])
        #expect(try Conf.doubles("f(w) = w[1] * w[2]; hvp(f, [1, 2], [1, 0])") == [0, 1])
    }

    // f(W, b): W then b, row-major
    @Test func matrixThenVectorRowMajor() throws {
        // W is 2×2 (θ[1...4], row-major), b has 2 elements (θ[5...6]).
        let g = try Conf.doubles("f(W, b) = 10 * W[1, 2] + W[2, 1] + 100 * b[2]; grad(f, [0, 0, 0, 0, 0, 0], shapes=[[2, 2], [2]])")
        #expect(g == [0, 10, 1, 0, 0, 100])
        let h = try Conf.doubles("f(W, b) = sum(W @ b); grad(f, [1, 2, 3, 4, 5, 6], shapes=[[2, 2], [2]])")
        // d/dW[i,j] = b[j]; d/db[j] = sum_i W[i,j]
        #expect(h == [5, 6, 5, 6, 4, 6])
    }

    // data=D: the objective is loss(w, batch); batch receives the dataset and is not optimised
    @Test func dataArgument() throws {
        let prelude = "D = record(x=[1, 2, 3], y=[2, 4, 6], n=3)\nloss(w, batch) = sum((w * batch.x - batch.y)^2)\n"
        #expect(try Conf.doubles(prelude + "grad(loss, [1], data=D)") == [-28])  // θ is w alone
        #expect(try Conf.shape(prelude + "hessian(loss, [1], data=D)") == [1, 1])
        #expect(try Conf.doubles(prelude + "hvp(loss, [1], [1], data=D)") == [28])
        let r = try #require(try Conf.record(prelude + "gd(loss, [0], data=D, lr=0.01, quiet=true)"))
        #expect(Conf.close(r["x"]?.doubles?.first, 2, tol: 1e-6))
        // accepted by every command that takes an objective
        for command in ["classify(loss, [2]", "spectrum(loss, [2]", "critical(loss, [1]", "check(loss, [1.5]",
                        "gd(loss, [1]", "sgd(loss, [1]", "newton(loss, [1]", "sfn(loss, [1]", "sfhf(loss, [1]",
                        "lbfgs(loss, [1]"] {
            let v = try Conf.value(prelude + command + ", data=D, quiet=true)")
            #expect(Conf.kind(v) == "record", "\(command), data=D)")
        }
    }

    // compiled once per argument shape into a tape
    @Test func compiledOncePerShape() throws {
        let interp = Interpreter()
        try Conf.run("f(w) = sum(w^2)", in: interp)
        try Conf.run("g1 = grad(f, [1, 2]); g2 = grad(f, [3, 4]); h = hessian(f, [5, 6])", in: interp)
        let afterTwo = interp.compileCount
        #expect(afterTwo == 1)
        try Conf.run("g3 = grad(f, [1, 2, 3])", in: interp)  // a new shape compiles again
        #expect(interp.compileCount == 2)
        try Conf.run("g4 = grad(f, [7, 7, 7])", in: interp)
        #expect(interp.compileCount == 2)
    }

    // captured values are constants of the tape
    @Test func capturedValuesAreConstants() throws {
        #expect(try Conf.doubles("c = 3\nf(x) = c * x^2\ngrad(f, [1])") == [6])
        #expect(try Conf.doubles("t = [1, 2]\nf(w) = sum((w - t)^2)\ngrad(f, [0, 0])") == [-2, -4])
        #expect(try Conf.doubles("A = [2, 0; 0, 3]\nf(w) = w @ (A @ w) / 2\ngrad(f, [1, 1])") == [2, 3])
    }

    // if/then/else inside an objective: both branches, then select elementwise
    @Test func ifThenElseSelectsElementwise() throws {
        #expect(try Conf.doubles("f(w) = sum(if w > 0 then w^2 else -w); grad(f, [2, -3])") == [4, -1])
        #expect(try Conf.doubles("f(x) = if x > 0 then x^2 else -x^3; grad(f, [2])") == [4])
        #expect(try Conf.doubles("f(x) = if x > 0 then x^2 else -x^3; grad(f, [-2])") == [-12])
        #expect(try Conf.number("f(w) = sum(if w > 0 then w^2 else -w); f([2, -3])") == 7)
    }

    // comparisons have zero derivative
    @Test func comparisonsHaveZeroDerivative() throws {
        #expect(try Conf.doubles("f(x) = x * (x > 1); grad(f, [2])") == [1])
        #expect(try Conf.doubles("f(x) = (x > 0) + x^2; grad(f, [3])") == [6])
        #expect(try Conf.doubles("f(x, y) = (x < y) * 5 + y; grad(f, [1, 2])") == [0, 1])
    }

    // abs, relu, max, min: subgradient 0 at their kinks
    @Test func subgradientZeroAtKinks() throws {
        #expect(try Conf.doubles("f(x) = abs(x); grad(f, [0])") == [0])
        #expect(try Conf.doubles("f(x) = relu(x); grad(f, [0])") == [0])
        #expect(try Conf.doubles("f(x) = max(x, 0); grad(f, [0])") == [0])
        #expect(try Conf.doubles("f(x) = min(x, 0); grad(f, [0])") == [0])
        #expect(try Conf.doubles("f(x, y) = max(x, y); grad(f, [1, 1])") == [0, 0])
        #expect(try Conf.doubles("f(x, y) = min(x, y); grad(f, [1, 1])") == [0, 0])
        // away from the kinks, the ordinary derivative
        #expect(try Conf.doubles("f(x) = abs(x); grad(f, [-2])") == [-1])
        #expect(try Conf.doubles("f(x) = relu(x); grad(f, [2])") == [1])
        #expect(try Conf.doubles("f(x, y) = max(x, y); grad(f, [1, 2])") == [0, 1])
        #expect(try Conf.doubles("f(x, y) = min(x, y); grad(f, [1, 2])") == [1, 0])
    }

    // generators over constant ranges are unrolled
    @Test func generatorsUnrolled() throws {
        #expect(try Conf.doubles("f(w) = sum((w[i] - i)^2 for i in 1:3); grad(f, [0, 0, 0])") == [-2, -4, -6])
        #expect(try Conf.doubles("n = 3; f(w) = sum((w[i] - i)^2 for i in 1:n); grad(f, [0, 0, 0])") == [-2, -4, -6])
        #expect(try Conf.doubles("f(w) = prod(w[i] for i in 1:2); grad(f, [3, 5])") == [5, 3])
        #expect(try Conf.doubles("f(w) = sum([w[i] * i for i in 1:2]); grad(f, [0, 0])") == [1, 2])
    }

    @Test func objectiveMustReturnAScalar() throws {
        #expect(Conf.error("f(w) = w * 2; grad(f, [1, 2])") != nil)
    }
}
