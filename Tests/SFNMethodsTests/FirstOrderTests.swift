import Testing
import SFNMethods
import SFNNumerics

@Suite struct FirstOrderTests {
    @Test func gradientDescentMatchesHandComputation() {
        // f = x² + 3y², lr = 0.1: x ← 0.8x, y ← 0.4y. From (1, 1): (0.8, 0.4), then (0.64, 0.16).
        let r = Methods.gd(Problems.quadratic(1, 3), x0: [1, 1], lr: 0.1, options: RunOptions(steps: 2))
        #expect(r.method == "gd")
        #expect(r.steps == 2)
        #expect(r.reason == .maxSteps)
        #expect(!r.converged)
        #expect(close(r.x, [0.64, 0.16], 1e-15))
        #expect(close(r.history, [4, 0.64 + 3 * 0.16, 0.64 * 0.64 + 3 * 0.16 * 0.16], 1e-15))
        #expect(abs(r.gnorm - (1.28 * 1.28 + 0.96 * 0.96).squareRoot()) < 1e-15)
        #expect(r.evals == 3)
        #expect(r.hvps == 0)
        #expect(r.path.count == 3)
        #expect(r.seconds >= 0)
    }

    @Test func lbfgsSolvesRosenbrock() {
        let r = Methods.lbfgs(Problems.rosenbrock(), x0: [-1.2, 1])
        #expect(r.reason == .converged)
        #expect(close(r.x, [1, 1], 1e-7))
        #expect(r.gnorm <= 1e-8)
        #expect(r.steps < 60)
        #expect(r.hvps == 0)
        #expect(r.history.count == r.steps + 1)
        #expect(zip(r.history, r.history.dropFirst()).allSatisfy { $0 > $1 })   // monotone
    }

    @Test func lbfgsOnAQuadraticIsExactAfterFewSteps() {
        // BFGS with exact line searches ends in at most n steps on a quadratic; Wolfe is near that.
        let r = Methods.lbfgs(Problems.quadratic(1, 10), x0: [3, -2], memory: 5)
        #expect(r.reason == .converged)
        #expect(r.steps <= 10)
    }
}
