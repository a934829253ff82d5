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

@Suite struct SGDTests {
    @Test func momentumStepsMatchHandComputation() {
        // f = x², g = 2x, x0 = 1, lr = 0.1, μ = 0.5:
        // v1 = −0.2, x1 = 0.8; v2 = 0.5·(−0.2) − 0.1·1.6 = −0.26, x2 = 0.54.
        let f = ClosureObjective(dimension: 1, value: { $0[0] * $0[0] }, gradient: { [2 * $0[0]] },
                                 hvp: { _, v in [2 * v[0]] })
        let r = Methods.sgd(f, x0: [1], lr: 0.1, momentum: 0.5, options: RunOptions(steps: 2))
        #expect(abs(r.x[0] - 0.54) < 1e-15)
        #expect(r.history.count == 3 && abs(r.history[1] - 0.64) < 1e-15)
        // Without momentum or clipping it is gd.
        let a = Methods.sgd(f, x0: [1], lr: 0.1, options: RunOptions(steps: 3))
        let b = Methods.gd(f, x0: [1], lr: 0.1, options: RunOptions(steps: 3))
        #expect(a.x == b.x)
    }

    @Test func clippingBoundsTheStep() {
        let f = ClosureObjective(dimension: 1, value: { $0[0] * $0[0] }, gradient: { [2 * $0[0]] },
                                 hvp: { _, v in [2 * v[0]] })
        // g = 200 at x = 100, clipped to 1: the step is lr·1 = 0.5.
        let r = Methods.sgd(f, x0: [100], lr: 0.5, clip: 1, options: RunOptions(steps: 1))
        #expect(r.x == [99.5])
    }
}
