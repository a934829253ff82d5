import Testing
import SFNMethods
import SFNNumerics
import Foundation

@Suite struct CriticalTests {
    @Test func findsTheSaddle() {
        let r = Methods.critical(Problems.quarticSaddle(), x0: [0.05, 0.1])
        #expect(r.converged)
        // Newton's y ↦ 2y³/(3y² − 2) reaches |y| ≈ 1e-9 in three steps: ‖g‖ ≈ 2e-9 ≤ tol.
        #expect(close(r.classification.x, [0, 0], 1e-8))
        #expect(r.classification.gnorm <= 1e-8)
        #expect(r.classification.kind == .saddle)
        #expect(r.classification.index == 1)
        #expect(r.steps < 10)
        #expect(r.run.method == "critical")
    }

    @Test func findsTheMinimum() {
        let r = Methods.critical(Problems.quarticSaddle(), x0: [0.01, 1.4])
        #expect(r.converged)
        #expect(close(r.classification.x, [0, 2.0.squareRoot()], 1e-10))
        #expect(r.classification.kind == .minimum)
        #expect(abs(r.classification.f + 1) < 1e-14)
    }

    @Test func findsAMaximumToo() {
        let r = Methods.critical(Problems.mexicanHat(), x0: [0.1, -0.2])
        #expect(r.converged)
        #expect(r.classification.kind == .maximum)
        #expect(close(r.classification.x, [0, 0], 1e-10))
    }

    @Test func defaultBudgetIsFiftySteps() {
        // On f = x⁴ Newton only shrinks x by 2/3 per step; from 10¹⁰, 50 steps leave
        // x = 10¹⁰·(2/3)⁵⁰ ≈ 15.7, far from critical.
        let f = ClosureObjective(dimension: 1, value: { x in x[0] * x[0] * x[0] * x[0] },
                                 gradient: { x in [4 * x[0] * x[0] * x[0]] },
                                 hessian: { x in Tensor(rows: [[12 * x[0] * x[0]]]) })
        let r = Methods.critical(f, x0: [1e10])
        #expect(!r.converged)
        #expect(r.steps == 50)
        #expect(r.run.reason == .maxSteps)
        #expect(abs(r.classification.x[0] - 1e10 * pow(2.0 / 3, 50)) < 1e-9 * r.classification.x[0])
        #expect(r.classification.kind == .notCritical)
    }

    @Test func noCriticalPointStalls() {
        // f = x⁴ + y: ∇f = (4x³, 1) never vanishes. H = diag(12x², 0), so the pseudo-inverse step
        // moves x only; once 16x⁶ is below rounding of ‖∇f‖² = 1 no step lowers it.
        let f = ClosureObjective(dimension: 2, value: { x in x[0] * x[0] * x[0] * x[0] + x[1] },
                                 gradient: { x in [4 * x[0] * x[0] * x[0], 1] },
                                 hessian: { x in Tensor(rows: [[12 * x[0] * x[0], 0], [0, 0]]) })
        let r = Methods.critical(f, x0: [1, 0])
        #expect(!r.converged)
        #expect(r.run.reason == .maxSteps)
        #expect(r.run.extra["stalled"] == 1)
        #expect(r.steps < 50)
        #expect(r.classification.x[1] == 0)
        #expect(r.classification.kind == .notCritical)
    }
}
