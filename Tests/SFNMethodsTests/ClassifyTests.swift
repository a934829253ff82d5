import Testing
import SFNMethods
import SFNNumerics

@Suite struct ClassifyTests {
    @Test func strictSaddle() throws {
        let c = try Methods.classify(Problems.saddle(), at: [0, 0])
        #expect(c.kind == .saddle)
        #expect(c.kind.rawValue == "saddle")
        #expect(c.index == 1)
        #expect(c.alpha == 0.5)
        #expect(c.eigenvalues == [-2, 2])
        #expect(c.gnorm == 0)
        #expect(c.f == 0)
        #expect(c.x == [0, 0])
    }

    @Test func minimumAndMaximum() throws {
        let min = try Methods.classify(Problems.quadratic(1, 1), at: [0, 0])
        #expect(min.kind == .minimum)
        #expect(min.index == 0 && min.alpha == 0)
        let max = try Methods.classify(Problems.quadratic(-1, -1), at: [0, 0])
        #expect(max.kind == .maximum)
        #expect(max.index == 2 && max.alpha == 1)
        #expect(max.eigenvalues == [-2, -2])
    }

    @Test func monkeySaddleIsDegenerate() throws {
        let c = try Methods.classify(Problems.monkeySaddle(), at: [0, 0])
        #expect(c.kind == .degenerate)
        #expect(c.index == 0)
        #expect(c.eigenvalues == [0, 0])
    }

    @Test func mexicanHat() throws {
        let top = try Methods.classify(Problems.mexicanHat(), at: [0, 0])
        #expect(top.kind == .maximum)
        #expect(top.eigenvalues == [-4, -4])
        #expect(top.index == 2)
        let ring = try Methods.classify(Problems.mexicanHat(), at: [1, 0])
        #expect(ring.kind == .degenerate)    // eigenvalues 0 (along the ring) and 8
        #expect(ring.eigenvalues == [0, 8])
        #expect(ring.index == 0)
    }

    @Test func nonCriticalPoint() throws {
        let c = try Methods.classify(Problems.saddle(), at: [1e-3, 0])
        #expect(c.kind == .notCritical)
        #expect(c.kind.rawValue == "not critical")
        #expect(abs(c.gnorm - 2e-3) < 1e-15)
        #expect(c.index == 1)     // the eigenvalues are still reported
    }

    @Test func toleranceRules() {
        // |λ| ≤ tol·max(1, max|λ|) is zero: with max|λ| = 100 and tol = 1e-6 the cut is 1e-4.
        let base = { (values: [Double], g: Double) in
            Classification(eigenvalues: values, gnorm: g, f: 0, x: [])
        }
        #expect(base([-5e-5, 100], 0).kind == .degenerate)
        #expect(base([-2e-4, 100], 0).kind == .saddle)
        #expect(base([-2e-4, 0, 100], 0).kind == .saddle)   // zeros do not hide a saddle
        #expect(base([-3, -1e-9], 0).kind == .degenerate)
        #expect(base([-3, -1e-9], 0).index == 1)
        #expect(base([1, 2], 1e-6).kind == .minimum)          // gnorm == gtol is critical
        #expect(base([1, 2], 1.1e-6).kind == .notCritical)
        #expect(base([2, -1, 3], 0).eigenvalues == [-1, 2, 3])
        #expect(Classification(eigenvalues: [1, -1], gnorm: 0, f: 0, x: [], tol: 2).kind == .degenerate)
    }

    @Test func nonFiniteHessianThrows() {
        let f = ClosureObjective(dimension: 1, value: { x in x[0] }, gradient: { _ in [0] },
                                 hessian: { _ in Tensor(rows: [[.nan]]) })
        #expect(throws: AnalysisError.nonFinite("the Hessian")) { try Methods.classify(f, at: [0]) }
    }
}
