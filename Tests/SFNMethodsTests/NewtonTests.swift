import Testing
import SFNMethods
import SFNNumerics

@Suite struct NewtonTests {
    @Test(arguments: [[1.0, 2.0], [-0.3, 0.7], [5, -4], [1e-3, 1e3]])
    func undampedNewtonLandsOnTheSaddleInOneStep(start: [Double]) throws {
        let f = Problems.saddle()
        let r = Methods.newton(f, x0: start)
        #expect(r.reason == .converged)
        #expect(r.steps == 1)
        #expect(r.x == [0, 0])
        #expect(r.history == [start[0] * start[0] - start[1] * start[1], 0])
        let c = try Methods.classify(f, at: r.x)
        #expect(c.kind == .saddle)
        #expect(c.index == 1)
    }

    @Test func singularHessianStopsWithSingular() {
        // f = x² + y (H = diag(2, 0)): the pure Newton system has no solution.
        let f = ClosureObjective(dimension: 2, value: { x in x[0] * x[0] + x[1] },
                                 gradient: { x in [2 * x[0], 1] },
                                 hessian: { _ in Tensor(rows: [[2, 0], [0, 0]]) })
        let r = Methods.newton(f, x0: [1, 1])
        #expect(r.reason == .singular)
        #expect(r.steps == 0)
        #expect(r.x == [1, 1])
        #expect(!r.converged)
    }

    @Test func fixedDampingSolvesShiftedSystem() {
        // On a x² with H = 2a: (2a + λ)Δ = −2a x, so x₁ = x₀ λ / (2a + λ). a = 1, λ = 2: x₁ = x₀/2.
        let f = Problems.quadratic(1, 1)
        let r = Methods.newton(f, x0: [4, -2], damping: .fixed(2), options: RunOptions(steps: 2))
        #expect(r.history == [20, 5, 1.25])
        #expect(r.x == [1, -0.5])
        #expect(r.reason == .maxSteps)
    }

    @Test func autoDampingSolvesRosenbrock() {
        let r = Methods.newton(Problems.rosenbrock(), x0: [-1.2, 1], damping: .auto)
        #expect(r.reason == .converged)
        #expect(close(r.x, [1, 1], 1e-8))
        #expect(r.steps < 60)
        // The ladder's rung appears in the record of each step: 6 trial values + 1 (f, ∇f).
        #expect(r.evals == 1 + 7 * r.steps)
        #expect(r.hvps == 2 * r.steps)
    }
}
