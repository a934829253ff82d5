// `check`: derivatives against central finite differences.
import Foundation
import SFNNumerics

/// The record of `check(f, x)`.
public struct DerivativeCheck: Sendable {
    /// Whether every error is at most `threshold`.
    public var ok: Bool
    /// Relative error of ∇f against central differences of f.
    public var gradErr: Double
    /// Largest relative error of H v against central differences of ∇f, over the directions.
    public var hvpErr: Double
    /// Relative (Frobenius) error of H against central differences of ∇f.
    public var hessianErr: Double
    /// Whether the cancellation flag stopped the check: the errors not reached are NaN and `ok`
    /// is false.
    public var interrupted = false
}

extension Methods {
    /// `check(f, x)`: compares the objective's gradient, Hessian-vector products and Hessian
    /// with central finite differences.
    ///
    /// Differences are fourth-order central ones (the five-point stencil
    /// D = [8(φ(h) − φ(−h)) − (φ(2h) − φ(−2h))] / 12h) with the usual small step
    /// h = ε^⅓·max(1, |θᵢ|): the small step keeps kinks (relu, abs) out of reach, and the fourth
    /// order removes the h² truncation error that would otherwise swamp a zero gradient at a minimum
    /// (on Rosenbrock at (1, 1) plain central differences are off by ~10⁻⁸).
    /// - gradient: φ = f along each eᵢ (4m values).
    /// - hvp: φ = ∇f along `directions` unit vectors v drawn with a fixed seed, h = ε^⅓·max(1, ‖θ‖∞).
    /// - Hessian: column j from φ = ∇f along eⱼ, symmetrised; for m > `maxColumns` only
    ///   `maxColumns` columns picked with the fixed seed are compared (against H eⱼ from hvps), so a
    ///   check of a large network stays affordable.
    ///
    /// Each error is ‖a − b‖ / max(‖a‖, ‖b‖, floor). The floor keeps a relative error meaningful
    /// where the true value is ~0 (a gradient at a minimum, where differences only see rounding):
    /// 10⁻⁴·max(1, |f|) for the gradient and 10⁻⁴·max(1, ‖∇f‖) for hvp and Hessian, well above the
    /// rounding noise of central differences (~10⁻¹⁰ of those scales) and far below a wrong
    /// derivative. `ok` is every error ≤ `threshold` (10⁻⁵).
    ///
    /// `cancellation` is polled before every difference (a few evaluations of f or ∇f); once it is
    /// set the check returns the errors it has, the rest NaN.
    public static func check(_ objective: any Objective, at x: [Double], directions: Int = 3,
                             maxColumns: Int = 100, threshold: Double = 1e-5,
                             seed: UInt64 = 0, cancellation: Cancellation? = nil) -> DerivativeCheck {
        let m = objective.dimension
        precondition(x.count == m, "point has \(x.count) entries, the objective takes \(m)")
        let eps3 = Foundation.cbrt(Double.ulpOfOne)  // ≈ 6e-6: balances truncation h² and rounding ε/h
        var random = SplitMix64(seed: seed)
        let (f, g) = objective.valueAndGradient(at: x)

        func shifted(_ t: Double, along v: [Double]) -> [Double] { var y = x; Vec.axpy(t, v, &y); return y }
        func centralGradient(_ h: Double, along v: [Double]) -> [Double] {
            let g = [2.0, 1, -1, -2].map { objective.valueAndGradient(at: shifted($0 * h, along: v)).gradient }
            return (0..<m).map { (8 * (g[1][$0] - g[2][$0]) - (g[0][$0] - g[3][$0])) / (12 * h) }
        }
        func unit(_ i: Int) -> [Double] { var e = [Double](repeating: 0, count: m); e[i] = 1; return e }

        let isCancelled = { cancellation?.isCancelled == true }
        func interrupted(_ gradErr: Double = .nan, _ hvpErr: Double = .nan) -> DerivativeCheck {
            DerivativeCheck(ok: false, gradErr: gradErr, hvpErr: hvpErr, hessianErr: .nan, interrupted: true)
        }

        // Gradient.
        var fdGrad = [Double](repeating: 0, count: m)
        for i in 0..<m {
            if isCancelled() { return interrupted() }
            let h = eps3 * max(1, abs(x[i]))
            let v = [2.0, 1, -1, -2].map { objective.value(at: shifted($0 * h, along: unit(i))) }
            fdGrad[i] = (8 * (v[1] - v[2]) - (v[0] - v[3])) / (12 * h)
        }
        let gradErr = relativeError(g, fdGrad, floor: 1e-4 * max(1, abs(f)))
        let curvatureFloor = 1e-4 * max(1, Vec.norm(g))

        // Hessian-vector products along random unit directions.
        let hScale = eps3 * max(1, x.reduce(0) { max($0, abs($1)) })
        var hvpErr = 0.0
        for _ in 0..<(m > 0 ? directions : 0) {
            if isCancelled() { return interrupted(gradErr) }
            var v = (0..<m).map { _ in random.uniform() * 2 - 1 }
            v = Vec.scaled(v, 1 / max(Vec.norm(v), 1e-300))
            let hv = objective.hessianVectorProduct(at: x, v)
            let e = relativeError(hv, centralGradient(hScale, along: v), floor: curvatureFloor)
            // Not Swift's max, which drops a NaN: the worst direction's error, NaN included.
            if e.isNaN || e > hvpErr { hvpErr = e }
        }

        // Hessian, whole or by sampled columns.
        var exact: [Double] = [], approx: [Double] = []
        if m <= maxColumns {
            guard let hessian = objective.hessian(at: x, isCancelled: isCancelled) else { return interrupted(gradErr, hvpErr) }
            var fd = Tensor.zeros([m, m])
            var columns: [[Double]] = []
            for j in 0..<m {
                if isCancelled() { return interrupted(gradErr, hvpErr) }
                columns.append(centralGradient(eps3 * max(1, abs(x[j])), along: unit(j)))
            }
            for i in 0..<m { for j in 0..<m { fd[i, j] = 0.5 * (columns[j][i] + columns[i][j]) } }
            exact = hessian.scalars; approx = fd.scalars
        } else {
            var chosen = Array(0..<m)
            for i in 0..<maxColumns { chosen.swapAt(i, i + Int(random.next() % UInt64(m - i))) }
            let picked = Array(chosen.prefix(maxColumns))
            // Ten products a pass: one pass of all of them holds maxColumns tangents of the tape.
            for start in stride(from: 0, to: picked.count, by: 10) {
                if isCancelled() { return interrupted(gradErr, hvpErr) }
                let group = picked[start..<min(picked.count, start + 10)]
                exact += objective.hessianVectorProducts(at: x, group.map(unit)).flatMap { $0 }
            }
            for j in picked {
                if isCancelled() { return interrupted(gradErr, hvpErr) }
                approx += centralGradient(eps3 * max(1, abs(x[j])), along: unit(j))
            }
        }
        let hessianErr = relativeError(exact, approx, floor: curvatureFloor)

        let errors = [gradErr, hvpErr, hessianErr]
        return DerivativeCheck(ok: errors.allSatisfy { $0 <= threshold }, gradErr: gradErr,
                               hvpErr: hvpErr, hessianErr: hessianErr)
    }

    /// ‖a − b‖ / max(‖a‖, ‖b‖, floor) for the derivative a and its differences b. A non-finite
    /// derivative where the differences are finite is an infinite error (LANGUAGE.md §6); with
    /// non-finite differences nothing can be compared and the error is NaN. Neither is ≤ any
    /// threshold, so `ok` is false.
    static func relativeError(_ a: [Double], _ b: [Double], floor: Double) -> Double {
        guard Vec.allFinite(b) else { return .nan }
        guard Vec.allFinite(a) else { return .infinity }
        return Vec.norm(Vec.sub(a, b)) / max(Vec.norm(a), Vec.norm(b), floor)
    }
}

