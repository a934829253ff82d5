import Testing
import SFNMethods
import SFNNumerics

@Suite struct CheckTests {
    @Test func correctDerivativesPass() {
        let r = Methods.check(Problems.rosenbrock(), at: [-1.2, 1])
        #expect(r.ok)
        #expect(r.gradErr < 1e-8)
        #expect(r.hvpErr < 1e-8)
        #expect(r.hessianErr < 1e-8)
        // At a minimum the gradient is 0: the floor keeps the relative error meaningful.
        #expect(Methods.check(Problems.rosenbrock(), at: [1, 1]).ok)
    }

    @Test func wrongGradientFails() {
        let f = ClosureObjective(dimension: 2, value: { x in x[0] * x[0] + x[1] * x[1] },
                                 gradient: { x in [2 * x[0], x[1]] },     // should be 2y
                                 hessian: { _ in Tensor(rows: [[2, 0], [0, 2]]) })
        let r = Methods.check(f, at: [1, 1])
        #expect(!r.ok)
        #expect(r.gradErr > 0.1)
        // The Hessian is compared with differences of the (wrong) gradient, so it disagrees too.
        #expect(r.hessianErr > 0.1)
    }

    @Test func wrongHessianFails() {
        let f = ClosureObjective(dimension: 2, value: { x in x[0] * x[0] * x[1] },
                                 gradient: { x in [2 * x[0] * x[1], x[0] * x[0]] },
                                 hessian: { x in Tensor(rows: [[2 * x[1], x[0]], [x[0], 0]]) })   // 2x off-diagonal
        let r = Methods.check(f, at: [0.5, 2])
        #expect(!r.ok)
        #expect(r.gradErr < 1e-8)
        #expect(r.hvpErr > 0.01)
        #expect(r.hessianErr > 0.01)
    }

    /// A NaN derivative where the differences are finite is an infinite error, never ok (issue
    /// 16: a NaN Hessian-vector product was reported as hvp_err = 0, because Swift's max drops
    /// a NaN operand).
    @Test func nonFiniteDerivativesAreInfiniteErrors() {
        let f = ClosureObjective(dimension: 2, value: { x in x[0] * x[0] + x[1] * x[1] },
                                 gradient: { x in [2 * x[0], 2 * x[1]] },
                                 hessian: { _ in Tensor(rows: [[2, .nan], [.nan, 2]]) })
        let r = Methods.check(f, at: [1, 1])
        #expect(!r.ok)
        #expect(r.gradErr < 1e-8)
        #expect(r.hvpErr == .infinity)
        #expect(r.hessianErr == .infinity)
        let g = ClosureObjective(dimension: 2, value: { x in x[0] * x[1] },
                                 gradient: { _ in [.nan, 0] },
                                 hessian: { _ in Tensor(rows: [[0, 1], [1, 0]]) })
        #expect(Methods.check(g, at: [1, 1]).gradErr == .infinity)
    }

    @Test func largeProblemsSampleHessianColumns() {
        let m = 30
        let f = ClosureObjective(dimension: m,
                                 value: { (x: [Double]) -> Double in x.reduce(0.0) { (s: Double, xi: Double) -> Double in s + xi * xi * xi } / 3 },
                                 gradient: { x in x.map { $0 * $0 } },
                                 hvp: { x, v in (0..<m).map { 2 * x[$0] * v[$0] } })
        let x = (0..<m).map { Double($0) / 10 - 1 }
        let r = Methods.check(f, at: x, maxColumns: 5)
        #expect(r.ok)
    }
}
