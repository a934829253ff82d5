// `sfhf`: saddle-free Hessian-free optimisation (Arjovsky 2015): |H|g by an ODE, then CG on H².
import Foundation
import SFNNumerics

/// Saddle-free Hessian-free (SFHF): the step Δ = −lr·(H² + λI)⁻¹ |H| g computed from Hessian-vector
/// products only, in O(m) memory.
///
/// ## Algorithm (Arjovsky 2015, §2)
/// |H| is the square root of H² (Lemma 1: |H|² = H²), and products with H² are two hvps. Each step:
/// 1. **Scale.** s ≥ λ_max(H²) from a short Lanczos run on H (`scaleSteps` hvps, a random start
///    with a fixed seed): s = (1.1·max|Ritz value|)². A = H²/s then has its spectrum in [0, ~1].
///    Lanczos underestimates |λ|_max slightly; an eigenvalue of A a little above 1 is harmless,
///    since tA + (1 − t)I stays positive definite and its square root smooth.
/// 2. **y = |H|g = √s·A^½ g** by the initial value problem of Allen, Baglama and Boyd (2000),
///    Eq. (3) of the paper: x′(t) = −½ (tA + (1 − t)I)⁻¹ (I − A) x(t), x(0) = g, whose solution is
///    x(t) = (tA + (1 − t)I)^½ g, so x(1) = A^½ g. (Check: with M(t) = I + t(A − I), which commutes
///    with A, d/dt M^½ = ½ M^{−½}(A − I) = −½ M⁻¹ (I − A) M^½.) Classical 4th-order Runge–Kutta,
///    `odeSteps` steps; each stage is one product with A (2 hvps) and a CG solve with
///    tA + (1 − t)I (2 hvps per iteration, at most `cg` iterations, relative residual
///    `odeTolerance`).
/// 3. **Δ** by CG on (H² + λI)Δ = −y (2 hvps per iteration, at most `cg`, relative residual
///    `tolerance`), and θ ← θ + lr·Δ.
///
/// ### The graded time mesh (`grading`, default 6)
/// An eigenvalue a of A contributes √(1 − t(1 − a)) to x(t): for a ≪ 1 this is √(1 − t), whose
/// derivative blows up at t = 1, so RK4 on a uniform mesh in t loses its order exactly on the
/// small eigenvalues that (H² + λI)⁻¹ then amplifies, and its last stage must solve with A itself
/// (condition number s/λ_min(H²)). Measured: with the uniform mesh the cosine between the computed
/// and the exact |H|g is ≈ 0.01 on a small MLP. The integration therefore runs in τ ∈ [0, 1] with
/// t = 1 − (1 − τ)^p, p = `grading`, and dx/dτ = p(1 − τ)^{p−1}·x′(t): still RK4 with `odeSteps`
/// uniform steps, now in τ. A component becomes √(a + (1 − a)(1 − τ)^p): for a = 0 the polynomial
/// (1 − τ)^{p/2}, which RK4 follows, and the stage at τ = 1 has dt/dτ = 0 and needs no solve. For
/// 0 < a < h^p (h = 1/`odeSteps`) the bend at √a falls inside the last step, whose error is about
/// h^{p/2}: p = 2 leaves h/6 (too much once (H² + λI)⁻¹ amplifies it), p = 6 gives ~10⁻⁴ at 20
/// steps and was the most accurate per hvp in the measurements (p = 4, 6, 8 tried). The systems
/// near τ = 1 are badly conditioned ((h/2)^{−p}) and hit the `cg` cap, but their solutions enter
/// multiplied by dt/dτ ≈ p(h/2)^{p−1}, so the cap costs little accuracy. `grading: 1` is the
/// paper's uniform mesh.
///
/// ## Damping
/// - `.auto` (the default): Levenberg–Marquardt adaptation as in Martens' Hessian-free (2010,
///   §4.1). λ starts at `initialDamping`·s (10⁻³·s: λ has the units of H², so a fixed start
///   would be far too strong or too weak depending on f's scale, and ⅔ per step is slow to
///   recover from that). After a step, ρ = (f(θ + lr·Δ) − f(θ)) / q(lr·Δ) with
///   the second-order model q(d) = gᵀd + ½ dᵀHd (one more hvp); ρ > ¾ → λ ← ⅔λ, ρ < ¼ → λ ← 3/2·λ.
///   A trial that raises f by more than rounding (10⁻¹⁴·max(1, |f|)) or is not finite is
///   *rejected*: λ ← 10λ and only step 3 is repeated (y is reused), up to 12 times; if none is
///   accepted the run stops `"stalled"` (reason `"max steps"`). λ stays within
///   [10⁻¹²·s, 10¹⁰·s]. The current λ is in `extra["lambda"]`, rejections in `extra["rejected"]`.
/// - `.fixed(λ)`: that λ every step, every step taken (`.fixed(0)` is the undamped step; CG's
///   iteration cap stands in for the missing regularisation when H is singular).
///
/// At an exact critical point g = 0, so y = 0 and Δ = 0: SFHF, like any method driven by the
/// gradient, does not leave an exact saddle; the driver reports it converged (use `sfn` with
/// `escape` for that). Near a saddle it is repelled, because (H² + λI)⁻¹|H| is positive definite
/// and scales the escape directions up like Newton scales the others.
///
/// ## Cost
/// Per step: `scaleSteps` (10) + 2·(4·`odeSteps` − 1) stage products + 2 per CG iteration (inner
/// and outer) + 1 for ρ (`.auto`) hvps; the ODE's inner solves dominate (measured on the 2410-
/// parameter digits MLP: ~7,500 hvps per step at the defaults, ~4,000 with `odeSteps: 10`,
/// i.e. 1.5–3 full Hessians' worth — the method's point is O(m) memory, not fewer products for
/// small m). The record's `hvps` counts them exactly, `extra["cg_iters"]` counts all CG iterations
/// (the ODE's inner solves and the outer solves, rejected trials included) and
/// `extra["ode_steps"]` the RK4 steps. Memory: about a dozen m-vectors.
public struct SaddleFreeHessianFree: StepMethod {
    /// Where λ comes from.
    public var damping: Damping
    /// RK4 steps for y = |H|g.
    public var odeSteps: Int
    /// Maximum iterations of each CG solve (the ODE's inner solves and the outer one).
    public var cg: Int
    /// Step multiplier.
    public var lr: Double
    /// Settings of the |H|g and Δ computations (mesh, tolerances, scale estimate).
    public var settings: SFHFSettings
    /// λ₀/s for `.auto`: the first step's λ relative to the scale s ≈ λ_max(H²).
    public var initialDamping: Double

    /// The current λ (nil until the first `.auto` step sets it from s).
    private var lambda: Double?
    private var counts = SFHFCounts()
    private var rejected = 0

    public init(damping: Damping = .auto, odeSteps: Int = 20, cg: Int = 250, lr: Double = 1,
                settings: SFHFSettings = SFHFSettings(), initialDamping: Double = 1e-3) {
        precondition(odeSteps >= 1, "ode_steps must be at least 1")
        precondition(cg >= 1, "cg must be at least 1")
        self.damping = damping; self.odeSteps = odeSteps; self.cg = cg; self.lr = lr
        self.settings = settings; self.initialDamping = initialDamping
    }

    public var name: String { "sfhf" }

    public var extra: [String: Double] {
        var e = ["cg_iters": Double(counts.cgIterations), "ode_steps": Double(counts.odeSteps)]
        if damping == .auto { e["lambda"] = lambda ?? 0; e["rejected"] = Double(rejected) }
        return e
    }

    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        let x = current.x
        let g = current.gradient
        let h: ([Double]) throws(MethodStop) -> [Double] = { v throws(MethodStop) in
            try context.hessianVectorProduct(at: x, v)
        }
        let solver = SFHFSolver(odeSteps: odeSteps, cg: cg, settings: settings,
                                check: { () throws(MethodStop) in try context.checkCancelled() }, hvp: h)
        let s = try solver.scale(dimension: x.count, counts: &counts)
        let y = try solver.absHessianProduct(g, scale: s, counts: &counts)

        switch damping {
        case .fixed(let l):
            let delta = try solver.solve(y, lambda: l, counts: &counts)
            let next = try context.iterate(at: step(x, delta))
            return StepReport(next: next)
        case .auto:
            var lambda = min(max(self.lambda ?? initialDamping * s, 1e-12 * s), 1e10 * s)
            defer { self.lambda = lambda }
            for _ in 0...12 {
                let delta = try solver.solve(y, lambda: lambda, counts: &counts)
                let trial = step(x, delta)
                let next = try context.iterate(at: trial)
                if next.f.isFinite, next.f <= current.f + 1e-14 * max(1, abs(current.f)) {
                    // Levenberg–Marquardt: compare the decrease with the Taylor model's.
                    let d = Vec.scaled(delta, lr)
                    let hd = try h(d)
                    let predicted = Vec.dot(g, d) + 0.5 * Vec.dot(d, hd)
                    let rho = predicted < 0 ? (next.f - current.f) / predicted : 0
                    let used = lambda
                    if rho > 0.75 { lambda *= 2.0 / 3 } else if rho < 0.25 { lambda *= 1.5 }
                    lambda = min(max(lambda, 1e-12 * s), 1e10 * s)
                    return StepReport(next: next, note: DampingLadder.note(used))
                }
                rejected += 1
                lambda = min(lambda * 10, 1e10 * s)
            }
            throw .stalled
        }
    }

    private func step(_ x: [Double], _ delta: [Double]) -> [Double] {
        var out = x
        Vec.axpy(lr, delta, &out)
        return out
    }
}

/// Numerical settings of SFHF's two computations (the contract's options are `ode_steps` and `cg`;
/// these are the finer knobs, with defaults measured to give a direction within a few degrees of
/// the exact one on the test problems).
public struct SFHFSettings: Sendable {
    /// p of the time mesh t = 1 − (1 − τ)^p; 1 is the paper's uniform mesh, 6 (default) resolves
    /// the square-root singularity at t = 1 (see ``SaddleFreeHessianFree``).
    public var grading: Double
    /// Relative residual of the ODE's inner CG solves.
    public var odeTolerance: Double
    /// Relative residual of the outer CG solve (H² + λI)Δ = −y.
    public var tolerance: Double
    /// Lanczos steps for the scale s ≈ λ_max(H²) (clipped to m).
    public var scaleSteps: Int
    /// Factor on the largest |Ritz value| before squaring (≥ 1).
    public var scaleSafety: Double
    /// Seed of the Lanczos start for the scale.
    public var seed: UInt64
    /// Whether each ODE stage's CG solve starts from the previous stage's solution.
    public var warmStart: Bool

    public init(grading: Double = 6, odeTolerance: Double = 1e-6, tolerance: Double = 1e-10,
                scaleSteps: Int = 10, scaleSafety: Double = 1.1, seed: UInt64 = 0x5F4F,
                warmStart: Bool = true) {
        precondition(grading >= 1, "grading must be at least 1")
        precondition(scaleSafety >= 1, "the scale's safety factor must be at least 1")
        self.grading = grading; self.odeTolerance = odeTolerance; self.tolerance = tolerance
        self.scaleSteps = scaleSteps; self.scaleSafety = scaleSafety; self.seed = seed
        self.warmStart = warmStart
    }
}

/// Work counters of SFHF.
struct SFHFCounts {
    var cgIterations = 0
    var odeSteps = 0
}

/// The two computations of an SFHF step on an hvp closure: shared by the method and by
/// ``Methods/sfhfDirection(_:at:damping:odeSteps:cg:settings:)``.
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

/// The SFHF direction at one point, with the work it took.
public struct SFHFDirection: Sendable {
    /// Δ solving (H² + λI)Δ = −y.
    public var direction: [Double]
    /// y ≈ |H|g from the ODE.
    public var absGradient: [Double]
    /// s, the scale of A = H²/s.
    public var scale: Double
    /// Hessian-vector products used.
    public var hvps: Int
    /// CG iterations (ODE inner solves and the outer solve).
    public var cgIterations: Int
    /// RK4 steps.
    public var odeSteps: Int
}

extension Methods {
    /// `sfhf(f, x0, damping="auto", ode_steps=20, cg=250, lr=1)`: saddle-free Hessian-free
    /// optimisation (see ``SaddleFreeHessianFree``).
    public static func sfhf(_ objective: any Objective, x0: [Double], damping: Damping = .auto,
                            odeSteps: Int = 20, cg: Int = 250, lr: Double = 1,
                            settings: SFHFSettings = SFHFSettings(),
                            options: RunOptions = RunOptions()) -> MethodResult {
        Driver.run(SaddleFreeHessianFree(damping: damping, odeSteps: odeSteps, cg: cg, lr: lr,
                                         settings: settings),
                   on: objective, from: x0, options: options)
    }

    /// One SFHF direction at x with damping λ: Δ = −(H² + λI)⁻¹ y, y ≈ |H|∇f(x) — for measuring the
    /// approximation against the exact −(|H|² + λI)⁻¹|H|g (which for λ → 0 is the undamped SFN
    /// direction −|H|⁻¹g). Throws when f, ∇f or a product is not finite.
    public static func sfhfDirection(_ objective: any Objective, at x: [Double], damping lambda: Double,
                                     odeSteps: Int = 20, cg: Int = 250,
                                     settings: SFHFSettings = SFHFSettings()) throws(AnalysisError) -> SFHFDirection {
        precondition(x.count == objective.dimension,
                     "point has \(x.count) entries, the objective takes \(objective.dimension)")
        let (f, g) = objective.valueAndGradient(at: x)
        guard f.isFinite, Vec.allFinite(g) else { throw .nonFinite("the gradient") }
        var hvps = 0
        let solver = SFHFSolver(odeSteps: odeSteps, cg: cg, settings: settings, check: {}) { v throws(MethodStop) in
            hvps += 1
            let hv = objective.hessianVectorProduct(at: x, v)
            guard Vec.allFinite(hv) else { throw .nonFinite }
            return hv
        }
        var counts = SFHFCounts()
        do throws(MethodStop) {
            let s = try solver.scale(dimension: x.count, counts: &counts)
            let y = try solver.absHessianProduct(g, scale: s, counts: &counts)
            let delta = try solver.solve(y, lambda: lambda, counts: &counts)
            return SFHFDirection(direction: delta, absGradient: y, scale: s, hvps: hvps,
                                 cgIterations: counts.cgIterations, odeSteps: counts.odeSteps)
        } catch {
            throw .nonFinite("a Hessian-vector product")
        }
    }
}
