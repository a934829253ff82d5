// SFHF's ODE route (Arjovsky 2015, `sfhf(…, method="ode")`): y = |H|g by Runge–Kutta on the
// matrix-square-root ODE with CG inner solves, then CG on (H² + λI)Δ = −y.
import Foundation
import SFNNumerics

/// The two computations of the ODE route on an hvp closure: shared by the method and by
/// ``Methods/sfhfDirection(_:at:damping:method:odeSteps:cg:lanczos:settings:)``.
struct SFHFSolver {
    let odeSteps: Int
    let cg: Int
    let settings: SFHFSettings
    let check: () throws(MethodStop) -> Void
    let hvp: ([Double]) throws(MethodStop) -> [Double]

    /// H²v, two hvps.
    func squared(_ v: [Double]) throws(MethodStop) -> [Double] { try hvp(try hvp(v)) }

    /// s ≥ λ_max(H²) (approximately; see ``SFHFSettings/scaleSafety``), never 0.
    func scale(dimension m: Int, counts: inout SFHFCounts) throws(MethodStop) -> Double {
        var rng = SplitMix64(seed: settings.seed)
        let start = (0..<m).map { _ in rng.next() & 1 == 0 ? -1.0 : 1.0 }
        let lanczos: Lanczos
        do {
            lanczos = try Lanczos(steps: max(1, min(settings.scaleSteps, m)), start: start) { v in try hvp(v) }
        } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
        let ritz: [Double]
        do { ritz = try lanczos.ritz().values } catch { throw .nonFinite }
        let top = ritz.reduce(0) { max($0, abs($1)) } * settings.scaleSafety
        guard top.isFinite else { throw .nonFinite }
        return top > 0 ? top * top : 1
    }

    /// |H|v = √s·A^½ v with A = H²/s, by RK4 on the square-root ODE.
    func absHessianProduct(_ v: [Double], scale s: Double, counts: inout SFHFCounts) throws(MethodStop) -> [Double] {
        let a: ([Double]) throws(MethodStop) -> [Double] = { u throws(MethodStop) in
            Vec.scaled(try squared(u), 1 / s)
        }
        let root = try SquareRootODE.apply(to: v, steps: odeSteps, grading: settings.grading, cg: cg,
                                           tolerance: settings.odeTolerance, warmStart: settings.warmStart,
                                           check: check, operator: a)
        counts.cgIterations += root.cgIterations
        counts.odeSteps += odeSteps
        return Vec.scaled(root.x, s.squareRoot())
    }

    /// Δ solving (H² + λI)Δ = −y by CG.
    func solve(_ y: [Double], lambda: Double, counts: inout SFHFCounts) throws(MethodStop) -> [Double] {
        let b = y.map { -$0 }
        let result = try conjugateGradient(b: b, tolerance: settings.tolerance, maxIterations: cg,
                                           check: check) { v throws(MethodStop) in
            var out = try squared(v)
            if lambda != 0 { Vec.axpy(lambda, v, &out) }
            return out
        }
        counts.cgIterations += result.iterations
        guard Vec.allFinite(result.x) else { throw .nonFinite }
        return result.x
    }
}

/// A^½ v for a symmetric positive semidefinite A given by products, by the ODE of Allen, Baglama
/// and Boyd (2000): x′(t) = −½ (tA + (1 − t)I)⁻¹ (I − A) x, x(0) = v, x(1) = A^½ v, integrated by
/// classical RK4 on the graded mesh t = 1 − (1 − τ)^p (see ``SaddleFreeHessianFree``). A's spectrum
/// should lie in [0, ~1]: then every system tA + (1 − t)I is well conditioned except near t = 1.
public enum SquareRootODE {
    /// The result and the work done.
    public struct Result: Sendable {
        /// x(1) ≈ A^½ v.
        public var x: [Double]
        /// CG iterations over all stage solves (each is one application of A).
        public var cgIterations: Int
        /// Applications of A, the stage products and the CG iterations together.
        public var applications: Int
    }

    /// A^½ v in `steps` RK4 steps; each inner solve stops at relative residual `tolerance` or after
    /// `cg` iterations. `check` is called before every stage (cancellation).
    public static func apply(to v: [Double], steps: Int, grading p: Double = 2, cg: Int = 250,
                             tolerance: Double = 1e-8, warmStart: Bool = true,
                             check: () throws(MethodStop) -> Void = {},
                             operator a: ([Double]) throws(MethodStop) -> [Double]) throws(MethodStop) -> Result {
        precondition(steps >= 1 && p >= 1)
        var cgIterations = 0
        var applications = 0
        /// The last stage's solution: the next stage's system and right-hand side are close to it,
        /// so it starts CG (one extra application, usually several iterations saved).
        var previous: [Double]?
        /// dx/dτ at (τ, x).
        func rate(_ tau: Double, _ x: [Double]) throws(MethodStop) -> [Double] {
            try check()
            let rest = 1 - tau
            let dt = p * Foundation.pow(max(rest, 0), p - 1)
            if dt == 0 { return [Double](repeating: 0, count: x.count) }
            let t = 1 - Foundation.pow(max(rest, 0), p)
            let ax = try a(x)
            applications += 1
            let b = Vec.sub(x, ax)
            let z: [Double]
            if t == 0 {
                z = b
            } else {
                let solved = try conjugateGradient(b: b, x0: warmStart ? previous : nil, tolerance: tolerance,
                                                   maxIterations: cg, check: check) { u throws(MethodStop) in
                    var out = try a(u)
                    for i in 0..<out.count { out[i] = t * out[i] + (1 - t) * u[i] }
                    return out
                }
                cgIterations += solved.iterations
                applications += solved.iterations
                z = solved.x
                previous = z
            }
            return Vec.scaled(z, -0.5 * dt)
        }
        let h = 1 / Double(steps)
        var x = v
        for n in 0..<steps {
            let tau = Double(n) * h
            let k1 = try rate(tau, x)
            var x2 = x; Vec.axpy(h / 2, k1, &x2)
            let k2 = try rate(tau + h / 2, x2)
            var x3 = x; Vec.axpy(h / 2, k2, &x3)
            let k3 = try rate(tau + h / 2, x3)
            var x4 = x; Vec.axpy(h, k3, &x4)
            let k4 = try rate(n == steps - 1 ? 1 : tau + h, x4)
            for i in 0..<x.count { x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
        }
        guard Vec.allFinite(x) else { throw .nonFinite }
        return Result(x: x, cgIterations: cgIterations, applications: applications)
    }
}

/// ``ConjugateGradient`` with a typed-throwing operator and a cancellation check per iteration.
func conjugateGradient(b: [Double], x0: [Double]? = nil, tolerance: Double, maxIterations: Int,
                       check: () throws(MethodStop) -> Void,
                       operator apply: ([Double]) throws(MethodStop) -> [Double]) throws(MethodStop) -> ConjugateGradient {
    do {
        return try ConjugateGradient(tolerance: tolerance, maxIterations: maxIterations, b: b, x0: x0) { v in
            try check()
            return try apply(v)
        }
    } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
}
