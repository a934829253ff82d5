import Testing
import SFNMethods
import SFNNumerics

@Suite struct SaddleFreeNewtonTests {
    @Test func movesAwayFromTheSaddle() {
        // On x² − y² the |H| step is (−x, +y)·2/(2+λ): x shrinks, y grows, f falls.
        let r = Methods.sfn(Problems.saddle(), x0: [0.1, 0.1], options: RunOptions(steps: 3))
        #expect(r.steps == 3)
        #expect(zip(r.history, r.history.dropFirst()).allSatisfy { $0 > $1 })
        #expect(abs(r.x[1]) > 0.7)   // about doubles every step from 0.1
        #expect(abs(r.x[0]) < 1e-4)
        #expect(r.f < -0.5)
        // Contrast: undamped Newton from the same start goes to the saddle.
        #expect(Methods.newton(Problems.saddle(), x0: [0.1, 0.1]).x == [0, 0])
    }

    @Test func reachesTheMinimumOfTheQuarticSaddle() throws {
        let f = Problems.quarticSaddle()
        let r = Methods.sfn(f, x0: [0.1, 0.1])
        #expect(r.reason == .converged)
        #expect(abs(r.x[0]) < 1e-9)
        #expect(abs(abs(r.x[1]) - 2.0.squareRoot()) < 1e-9)
        #expect(abs(r.f + 1) < 1e-12)
        #expect(r.steps < 30)
        #expect(try Methods.classify(f, at: r.x).kind == .minimum)
        #expect(r.extra["escapes"] == 0)
    }

    @Test func escapesFromAnExactSaddle() throws {
        let f = Problems.quarticSaddle()
        let r = Methods.sfn(f, x0: [0, 0])
        #expect(r.reason == .converged)
        #expect(r.extra["escapes"] == 1)
        #expect(abs(r.f + 1) < 1e-12)
        #expect(abs(abs(r.x[1]) - 2.0.squareRoot()) < 1e-9)
        // The escape's line search: t = 1 gives f = −3/4, t = 2 gives 0, so it stops at t = 1.
        #expect(r.history[1] == -0.75)
        #expect(try Methods.classify(f, at: r.x).kind == .minimum)
    }

    @Test func withoutEscapeASaddleCountsAsConverged() {
        let r = Methods.sfn(Problems.quarticSaddle(), x0: [0, 0], escape: false)
        #expect(r.reason == .converged)
        #expect(r.steps == 0)
        #expect(r.x == [0, 0])
        #expect(r.extra["escapes"] == nil)
    }

    @Test func fixedDampingUsesAbsoluteCurvature() {
        // x² − y², λ = 0: Δ = −|H|⁻¹g = (−x, +y), so from (0.1, 0.1) one step gives (0, 0.2).
        let r = Methods.sfn(Problems.saddle(), x0: [0.1, 0.1], damping: .undamped,
                            options: RunOptions(steps: 1))
        #expect(close(r.x, [0, 0.2], 1e-15))
        #expect(r.hvps == 2)   // one Hessian; escape never asked (‖g‖ > tol)
        #expect(r.evals == 2)
    }

    @Test func smallRungsSurviveALargeSpectralRadius() {
        // In Powell's badly scaled valley H has eigenvalues 1.8e-7 and 1.4e10. |H| + λI is regular
        // for every λ > 0 however small next to 1.4e10; the step must not call λ = 1e-4 or 1e-5
        // "singular". The best rung here is 1e-5 (f values by an independent NumPy computation:
        // 1.6728e-8 at λ = 1e-4, 1.6390746e-8 at λ = 1e-5).
        let f = Problems.powellBadlyScaled()
        let x0 = [1.2006722831199047e-5, 8.328667327112075]
        var notes: [String] = []
        let r = Methods.sfn(f, x0: x0, options: RunOptions(steps: 1, tol: 0, progress: { notes.append($0.note) }))
        #expect(notes == ["", "λ=1e-05"])
        #expect(abs(r.f - 1.639074626285875e-8) < 1e-6 * 1.64e-8)
        let fixed = Methods.sfn(f, x0: x0, damping: .fixed(1e-5), options: RunOptions(steps: 1, tol: 0))
        #expect(fixed.reason == .maxSteps)
        #expect(fixed.x == r.x)
    }

    @Test func reachesPowellsBadlyScaledMinimum() {
        let r = Methods.sfn(Problems.powellBadlyScaled(), x0: [0, 1], options: RunOptions(steps: 300, tol: 1e-12))
        #expect(r.reason == .converged)
        #expect(abs(r.x[0] - 1.098159e-5) < 1e-10)
        #expect(abs(r.x[1] - 9.106146) < 1e-4)
        #expect(r.f < 1e-15)
        #expect(zip(r.history, r.history.dropFirst()).allSatisfy { $1 <= $0 })
    }
}
