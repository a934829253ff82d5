// The trust-region and cubic subproblems against hand-worked solutions in an eigenbasis: interior,
// boundary, indefinite, and the hard case (g ⟂ the most negative eigenvector); and Steihaug CG.
import Foundation
import Testing
import SFNMethods
import SFNNumerics

@Suite struct ModelSubproblemTests {
    /// T = [[0, 2], [2, 0]] has eigenvalues −2 and 2 with vectors v₋ = (1, −1)/√2, v₊ = (1, 1)/√2;
    /// b = √2·e₁ has γ = (1, 1) in that basis. At λ = 3, y = −γ/(θ + λ) = (−1, −1/5), so the
    /// solution for Δ = ‖y‖ = √26/5 (trust) or σ = λ/‖y‖ = 15/√26 (cubic) is
    /// h = −v₋ − v₊/5 = (−6/5, 4/5)/√2, with λ = 3.
    @Test func indefiniteTridiagonalBoundaryAndCubicSolutions() throws {
        let expected = [-6.0 / 5 / sqrt(2.0), 4.0 / 5 / sqrt(2.0)]
        let b = [sqrt(2.0), 0]
        let trust = try ModelSubproblem.trustRegion(diagonal: [0, 0], offDiagonal: [2], linear: b,
                                                    radius: sqrt(26.0) / 5)
        #expect(close(trust.step, expected, 1e-12), "\(trust.step)")
        #expect(abs(trust.lambda - 3) < 1e-10)
        #expect(trust.onBoundary && !trust.hardCase)
        // The model value: γᵀy + ½Σθy² = −1 − 1/5 + ½(−2·1 + 2/25) = −2.16.
        #expect(abs(trust.model + 2.16) < 1e-12)

        let cubic = try ModelSubproblem.cubic(diagonal: [0, 0], offDiagonal: [2], linear: b,
                                              sigma: 15 / sqrt(26.0))
        #expect(close(cubic.step, expected, 1e-12), "\(cubic.step)")
        #expect(abs(cubic.lambda - 3) < 1e-10)
        // The cubic term adds σ/3‖h‖³ = λ‖h‖²/3 = 3·(26/25)/3.
        #expect(abs(cubic.model - (-2.16 + 26.0 / 25)) < 1e-12)
    }

    /// Positive definite T: the trust-region step is Newton's when it fits; the cubic step in one
    /// dimension, m(h) = h + ½h² + (2/3)|h|³, solves (1 + 2|h|)h = −1, so h = −½ with λ = 1.
    @Test func positiveDefiniteInteriorAndCubic() throws {
        let inside = try ModelSubproblem.trustRegion(diagonal: [1, 2, 4], offDiagonal: [0, 0], linear: [1, 1, 1], radius: 10)
        #expect(close(inside.step, [-1, -0.5, -0.25], 1e-14))
        #expect(inside.lambda == 0 && !inside.onBoundary)
        let cubic = try ModelSubproblem.cubic(diagonal: [1], offDiagonal: [], linear: [1], sigma: 2)
        #expect(abs(cubic.step[0] + 0.5) < 1e-12 && abs(cubic.lambda - 1) < 1e-10)
    }

    /// The hard case: T = diag(−2, 1, 3) and b = (0, 1, 3), which has no component along the most
    /// negative eigenvector e₁. At λ = 2 the rest of the step is y = (·, −1/3, −3/5), of length
    /// √106/15 < 2, so for Δ = 2 (or σ = 1, where ‖h‖ = λ/σ = 2) no λ > 2 solves the secular
    /// equation: h = (τ, −1/3, −3/5) with τ = √(4 − 106/225) = √794/15.
    @Test func hardCaseFollowsTheNegativeCurvatureTheGradientCannotSee() throws {
        let tau = sqrt(794.0) / 15
        let diagonal: [Double] = [-2, 1, 3], b: [Double] = [0, 1, 3]
        // m = −τ² + (−1/3 + 1/18) + (−9/5 + 27/50).
        let quadraticModel = -tau * tau + (-1.0 / 3 + 1.0 / 18) + (-9.0 / 5 + 27.0 / 50)
        let trust = try ModelSubproblem.trustRegion(diagonal: diagonal, offDiagonal: [0, 0], linear: b, radius: 2)
        #expect(trust.hardCase && trust.onBoundary)
        #expect(abs(trust.lambda - 2) < 1e-14)
        let hardStep: [Double] = [tau, 1.0 / 3, 3.0 / 5]  // in absolute value
        #expect(close(trust.step.map { Swift.abs($0) }, hardStep, 1e-12), "\(trust.step)")
        #expect(abs(trust.model - quadraticModel) < 1e-12)
        let cubic = try ModelSubproblem.cubic(diagonal: diagonal, offDiagonal: [0, 0], linear: b, sigma: 1)
        #expect(cubic.hardCase)
        #expect(close(cubic.step.map { Swift.abs($0) }, hardStep, 1e-12), "\(cubic.step)")
        #expect(abs(cubic.model - (quadraticModel + 8.0 / 3)) < 1e-12)
        // A small radius is no hard case: the root λ > 2 exists and the step has no e₁ part.
        let small = try ModelSubproblem.trustRegion(diagonal: diagonal, offDiagonal: [0, 0], linear: b, radius: 0.1)
        #expect(!small.hardCase && small.lambda > 2)
        #expect(abs(small.step[0]) < 1e-14 && abs(Vec.norm(small.step) - 0.1) < 1e-12)
    }

    /// Steihaug CG on H = diag(2, −2)-like models: along −g to the boundary when the CG point leaves
    /// the region, along the negative-curvature direction when dᵀHd ≤ 0, Newton's step inside.
    @Test func steihaugCGStopsAtTheBoundaryAndOnNegativeCurvature() {
        func op(_ d: [Double]) -> ([Double]) -> [Double] { { v in zip(d, v).map { $0 * $1 } } }
        // H = diag(1, 2, 4), g = (1, 1, 1), Δ = 10: CG converges to the Newton step.
        let inside = SteihaugCG(gradient: [1, 1, 1], radius: 10, tolerance: 1e-12, maxIterations: 10, operator: op([1, 2, 4]))
        #expect(close(inside.step, [-1, -0.5, -0.25], 1e-12) && !inside.onBoundary)
        // H = diag(−1, 2), g = (1, 1): dᵀHd = 1 > 0 and α = 2 leaves Δ = 1, so p = −g/√2.
        let leaves = SteihaugCG(gradient: [1, 1], radius: 1, tolerance: 1e-12, maxIterations: 10, operator: op([-1, 2]))
        #expect(close(leaves.step, [-1 / sqrt(2.0), -1 / sqrt(2.0)], 1e-12))
        #expect(leaves.onBoundary && !leaves.negativeCurvature && leaves.iterations == 1)
        // H = diag(−3, 1), g = (1, 1): dᵀHd = −2 on the first direction: to the boundary downhill.
        let negative = SteihaugCG(gradient: [1, 1], radius: 2, tolerance: 1e-12, maxIterations: 10, operator: op([-3, 1]))
        #expect(close(negative.step, [-sqrt(2.0), -sqrt(2.0)], 1e-12))
        #expect(negative.negativeCurvature && negative.onBoundary)
        // Its model value gᵀp + ½pᵀHp = −2√2 + ½(−3·2 + 2) = −2√2 − 2.
        #expect(abs(negative.model - (-2 * sqrt(2.0) - 2)) < 1e-12)
    }
}
