// φ(A)b from the Lanczos process (LanczosFunction) and the tridiagonal eigensolver behind it,
// against closed forms on diagonal and rotated matrices with known spectra.
import Foundation
import Testing
@testable import SFNNumerics

@Suite struct LanczosFunctionTests {
    /// A = U diag(d) Uᵀ with U a product of plane rotations (so A is dense), and v ↦ A v.
    static func rotated(_ d: [Double]) -> (apply: ([Double]) -> [Double], exact: ((Double) -> Double, [Double]) -> [Double]) {
        let n = d.count
        func rotate(_ v: [Double], _ sign: Double) -> [Double] {
            var w = v
            let pairs = sign > 0 ? Array(0..<(n - 1)) : Array((0..<(n - 1)).reversed())
            for i in pairs {
                let t = 0.3 + 0.1 * Double(i), c = cos(t), s = sign * sin(t)
                let (a, b) = (w[i], w[i + 1])
                w[i] = c * a - s * b; w[i + 1] = s * a + c * b
            }
            return w
        }
        let apply: ([Double]) -> [Double] = { v in
            let c = rotate(v, -1)
            return rotate((0..<n).map { d[$0] * c[$0] }, 1)
        }
        let exact: ((Double) -> Double, [Double]) -> [Double] = { phi, b in
            let c = rotate(b, -1)
            return rotate((0..<n).map { phi(d[$0]) * c[$0] }, 1)
        }
        return (apply, exact)
    }

    static func error(_ a: [Double], _ b: [Double]) -> Double { Vec.norm(Vec.sub(a, b)) / Vec.norm(b) }

    @Test func tridiagonalEigenMatchesTheDenseSolver() throws {
        let d = [2.0, -1, 0.5, 3, -0.25], e = [0.7, -0.3, 1.1, 0.05]
        let t = try SymmetricEigen.tridiagonal(diagonal: d, offDiagonal: e)
        var dense = Tensor.zeros([5, 5])
        for i in 0..<5 { dense[i, i] = d[i] }
        for i in 0..<4 { dense[i, i + 1] = e[i]; dense[i + 1, i] = e[i] }
        let reference = try SymmetricEigen(dense)
        #expect(zip(t.values, reference.values).allSatisfy { abs($0 - $1) < 1e-13 })
        for i in 0..<5 {
            let v = t.vector(i)
            let av = BLAS.matvec(dense, v)
            #expect(zip(av, v).allSatisfy { abs($0 - t.values[i] * $1) < 1e-13 })
        }
        #expect(try SymmetricEigen.tridiagonal(diagonal: [], offDiagonal: []).values.isEmpty)
        #expect(throws: LinearAlgebraError.nonFinite) {
            try SymmetricEigen.tridiagonal(diagonal: [1, .nan], offDiagonal: [0])
        }
    }

    /// The recurrence reproduces polynomials exactly: with k ≥ 3 steps, φ(x) = x² gives A²b, for
    /// both storages (the regenerated second pass included).
    @Test(arguments: [LanczosFunction.Storage.keep, .regenerate])
    func polynomialsAreExact(storage: LanczosFunction.Storage) throws {
        let (apply, exact) = Self.rotated((0..<30).map { -2 + 0.15 * Double($0) })
        let b = (0..<30).map { sin(Double($0) + 1) }
        var process = LanczosFunction(start: b, storage: storage)
        for _ in 0..<5 { process.step(operator: apply) }
        let eig = try process.eigen()
        let out = process.combine([process.coefficients({ $0 * $0 }, eigen: eig),
                                   process.coefficients({ _ in 1 }, eigen: eig)], operator: apply)
        #expect(Self.error(out[0], exact({ $0 * $0 }, b)) < 1e-12)
        #expect(Self.error(out[1], b) < 1e-12)
        // Products: 5 steps, plus 4 for the regenerated basis.
        #expect(process.applications == (storage == .keep ? 5 : 9))
    }

    /// |x|/(x² + λ) on an indefinite spectrum with a gap around 0, through the stopping rule: both
    /// storages reach the tolerance's accuracy, and the rule stops well before m. (The gap matters:
    /// |x| has a kink at 0, so where eigenvalues crowd around 0 the convergence is algebraic until
    /// the Ritz values resolve them, not geometric.)
    @Test(arguments: [LanczosFunction.Storage.keep, .regenerate])
    func dampedAbsoluteInverseConverges(storage: LanczosFunction.Storage) throws {
        let m = 1000
        let d = (0..<m).map { i -> Double in
            let t = Double(i) / Double(m - 1)
            return t < 1.0 / 3 ? -1 + 2.85 * t : 0.05 + 2.925 * (t - 1.0 / 3)
        }
        let (apply, exact) = Self.rotated(d)
        let b = (0..<m).map { cos(0.37 * Double($0)) }
        let lambda = 0.01
        let phi: (Double) -> Double = { abs($0) / ($0 * $0 + lambda) }
        var process = LanczosFunction(start: b, storage: storage)
        let result = try process.converge(tolerance: 1e-6, maxSteps: m, function: { _ in phi }, operator: apply)
        let out = process.combine([result.coefficients], operator: apply)[0]
        let err = Self.error(out, exact(phi, b))
        #expect(result.converged)
        #expect(err < 1e-5, "relative error \(err)")
        #expect(process.steps < m / 2, "\(process.steps) steps")
    }

    @Test func invariantSpaceIsExact() throws {
        // Three distinct eigenvalues: the Krylov space of any b is invariant after 3 steps.
        let d = (0..<12).map { [-1.0, 0.5, 2][$0 % 3] }
        let (apply, exact) = Self.rotated(d)
        let b = (0..<12).map { 1 + Double($0) }
        var process = LanczosFunction(start: b, storage: .regenerate)
        let result = try process.converge(tolerance: 0, maxSteps: 12, function: { _ in { 1 / abs($0) } }, operator: apply)
        #expect(process.invariant && result.converged && process.steps == 3)
        let out = process.combine([result.coefficients], operator: apply)[0]
        #expect(Self.error(out, exact({ 1 / abs($0) }, b)) < 1e-12)
    }

    @Test func zeroStartGivesZero() throws {
        var process = LanczosFunction(start: [0, 0, 0], storage: .keep)
        let result = try process.converge(tolerance: 1e-6, maxSteps: 3, function: { _ in { $0 } }) { v in v }
        #expect(result.converged && result.coefficients.isEmpty && process.applications == 0)
        let out = process.combine([result.coefficients]) { $0 }
        #expect(out == [[0, 0, 0]])
    }

    @Test func nonFiniteProductsThrow() {
        var process = LanczosFunction(start: [1, 2, 3], storage: .regenerate)
        #expect(throws: LinearAlgebraError.nonFinite) {
            try process.converge(tolerance: 1e-6, maxSteps: 3, function: { _ in { $0 } }) { _ in [.nan, 0, 0] }
        }
    }
}
