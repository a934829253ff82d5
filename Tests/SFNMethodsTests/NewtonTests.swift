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
        // Each step tries the 6 rungs (one f each), more if it has to climb, and then takes one
        // (f, ∇f): at least 7 evaluations a step.
        #expect(r.evals >= 1 + 7 * r.steps)
        #expect(r.hvps == 2 * r.steps)
        // Every accepted step lowers f.
        #expect(zip(r.history, r.history.dropFirst()).allSatisfy { $1 < $0 })
    }

    @Test func autoDampingClimbsAboveTheLadderInsteadOfWalkingOntoBealesSaddle() {
        // At Beale's start (1, 1): g = (0, 27.75), H = [0 27.75; 27.75 68.5], eigenvalues −9.85 and
        // 78.4. For λ ≤ 1, H + λI is indefinite and Δ(λ) ≈ (−1, λ/27.75) has gᵀΔ = λ > 0: every
        // rung points uphill, towards the saddle (0, 1) on the level set f = 14.203125. λ = 10
        // gives Δ ≈ (51.3, −18.5), far too long; λ = 100 gives Δ ≈ (0.048, −0.173), which lowers f.
        var notes: [String] = []
        let options = RunOptions(steps: 100, tol: 1e-9, progress: { notes.append($0.note) })
        let r = Methods.newton(Problems.beale(), x0: [1, 1], damping: .auto, options: options)
        #expect(notes[1] == "λ=100")
        #expect(r.history[1] < r.history[0])
        #expect(r.reason == .converged)
        #expect(close(r.x, [3, 0.5], 1e-9))
        // Undamped Newton takes the uphill step and lands on the saddle.
        let pure = Methods.newton(Problems.beale(), x0: [1, 1], options: RunOptions(steps: 10))
        #expect(pure.steps == 1)
        #expect(close(pure.x, [0, 1], 1e-15))
        #expect(pure.history == [14.203125, 14.203125])
    }

    @Test func autoDampingReachesPowellsBadlyScaledMinimum() {
        // Dauphin's smallest λ (1e-5) is 400 times the small eigenvalue at the minimum; with it
        // alone the last stretch was linear with rate ≈ 0.9976 a step, some 3900 steps. The
        // sliding ladder gets there in a few hundred (DampingLadderTests has the details).
        let r = Methods.newton(Problems.powellBadlyScaled(), x0: [0, 1], damping: .auto,
                               options: RunOptions(steps: 300, tol: 1e-12))
        #expect(r.reason == .converged)
        #expect(abs(r.x[0] - 1.098159e-5) < 1e-10)
        #expect(abs(r.x[1] - 9.106146) < 1e-4)
        #expect(r.f < 1e-15)
    }

    @Test func autoDampingStopsAtAWallOfNonFiniteValues() {
        // f = (x − 2)² for x ≤ 1, nan beyond: the descent direction runs into the wall at x = 1.
        // Once there, every rung's step lands on nan, and climbing λ only shortens the step until
        // it no longer moves x: the run must end "non-finite", not spin until its step budget.
        let f = ClosureObjective(dimension: 1, value: { x in x[0] > 1 ? .nan : (x[0] - 2) * (x[0] - 2) },
                                 gradient: { x in [2 * (x[0] - 2)] },
                                 hessian: { _ in Tensor(rows: [[2]]) })
        let r = Methods.newton(f, x0: [0], damping: .auto, options: RunOptions(steps: 100_000))
        #expect(r.reason == .nonFinite)
        #expect(r.steps < 200)
        #expect(r.x[0] <= 1 && r.x[0] > 0.999)
    }
}
