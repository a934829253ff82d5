// `sfhf`: saddle-free Hessian-free optimisation, Δ = −(H² + λI)⁻¹|H|g from Hessian-vector
// products only, by a Lanczos process (the default) or by Arjovsky's square-root ODE.
import Foundation
import SFNNumerics

/// How an SFHF step computes Δ = −(H² + λI)⁻¹|H|g (the contract's `method=`).
public enum SFHFRoute: String, Sendable, CaseIterable {
    /// −φ_λ(H)g with φ_λ(x) = |x|/(x² + λ) from a Lanczos process started at g (`SFHFLanczosStep`).
    case lanczos
    /// Arjovsky (2015): y = |H|g from the matrix-square-root ODE, then CG on (H² + λI)Δ = −y.
    case ode
}

/// Saddle-free Hessian-free (SFHF): the step Δ = −lr·(H² + λI)⁻¹ |H| g computed from Hessian-vector
/// products only, in O(m) memory.
///
/// The direction rescales the gradient by |H|⁻¹ like saddle-free Newton, damped the way
/// Levenberg–Marquardt damps a Gauss–Newton step: (H² + λI)⁻¹|H| has eigenvalues |μ|/(μ² + λ), which
/// is 1/|μ| where μ² ≫ λ and |μ|/λ, a short gradient-like step, where μ² ≪ λ.
///
/// ## Two routes (`route`)
/// - ``SFHFRoute/lanczos`` (the default): the direction is one function of H applied to g,
///   −φ_λ(H)g, approximated from the Krylov space of H started at g (`SFHFLanczosStep`, in
///   SFHFLanczos.swift).
///   About 100–300 hvps per direction on the digits MLP, O(m) memory (two passes) unless the
///   basis fits in ``SFHFSettings/keepBasisBudget``.
/// - ``SFHFRoute/ode``: the route of the paper, kept as it was so that it can be measured:
///
///   1. **Scale.** s ≥ λ_max(H²) from a short Lanczos run on H (`scaleSteps` hvps, a random start
///      with a fixed seed): s = (1.1·max|Ritz value|)². A = H²/s then has its spectrum in [0, ~1].
///   2. **y = |H|g = √s·A^½ g** by the initial value problem of Allen, Baglama and Boyd (2000),
///      Eq. (3) of the paper: x′(t) = −½ (tA + (1 − t)I)⁻¹ (I − A) x(t), x(0) = g, whose solution
///      is x(t) = (tA + (1 − t)I)^½ g, so x(1) = A^½ g (``SquareRootODE``). Classical 4th-order
///      Runge–Kutta, `odeSteps` steps, on a graded time mesh (``SFHFSettings/grading``); each
///      stage is one product with A (2 hvps) and a CG solve with tA + (1 − t)I (2 hvps per
///      iteration, at most `cg` iterations, relative residual ``SFHFSettings/odeTolerance``).
///   3. **Δ** by CG on (H² + λI)Δ = −y (2 hvps per iteration, at most `cg`).
///
///   Cost per step: `scaleSteps` (10) + 2·(4·`odeSteps` − 1) stage products + 2 per CG iteration
///   (inner and outer): measured ~7,500–9,500 hvps per step on the 2410-parameter digits MLP at
///   the defaults.
///
/// ## Damping
/// - `.auto` (the default): Levenberg–Marquardt adaptation as in Martens' Hessian-free (2010,
///   §4.1). λ starts at `initialDamping`·s (10⁻³·s: λ has the units of H², so a fixed start
///   would be far too strong or too weak depending on f's scale). After a step,
///   ρ = (f(θ + lr·Δ) − f(θ)) / q(lr·Δ) with the second-order model q(d) = gᵀd + ½ dᵀHd (one more
///   hvp); ρ > ¾ → λ ← ⅔λ, ρ < ¼ → λ ← 3/2·λ. A trial that raises f by more than rounding
///   (10⁻¹⁴·max(1, |f|)) or is not finite is *rejected*: λ ← 10λ and only the solve is repeated
///   (the ODE route reuses y; the Lanczos route reuses the whole Krylov space), up to 12 times; if
///   none is accepted the run stops `"stalled"` (reason `"max steps"`). λ stays within
///   [10⁻¹²·s, 10¹⁰·s]. The current λ is in `extra["lambda"]`, rejections in `extra["rejected"]`.
/// - `.fixed(λ)`: that λ every step, every step taken. `.fixed(0)` is the undamped step: the ODE
///   route lets CG's iteration cap stand in for the missing regularisation when H is singular,
///   the Lanczos route takes the limit λ → 0⁺ (−|H|⁺g).
///
/// ## Escape (`escape=true`, the default)
/// At an exact critical point g = 0, so Δ = 0 for every λ: the direction alone never leaves an
/// exact saddle (near one it is repelled, because (H² + λI)⁻¹|H| is positive definite and scales
/// the escape directions up like Newton scales the others). With `escape`, where ‖g‖ ≤ tol a
/// Lanczos process from a random start looks for negative curvature from H·v products only, and
/// the step leaves along it (``CurvatureEscape``, first length 1 on both sides, as `sfn`); the
/// run converges only where none is found, a second-order stationary point. The test costs up to
/// min(m, 100) products each time ‖g‖ ≤ tol; escapes are counted in `extra["escapes"]`.
///
/// ## Counts
/// The record's `hvps` counts every product exactly. The Lanczos route adds
/// `extra["lanczos_steps"]` (Lanczos steps over the run, second passes not included); the ODE route
/// `extra["cg_iters"]` (all CG iterations, inner and outer, rejected trials included) and
/// `extra["ode_steps"]` (RK4 steps).
public struct SaddleFreeHessianFree: StepMethod {
    /// Where λ comes from.
    public var damping: Damping
    /// How the direction is computed.
    public var route: SFHFRoute
    /// ODE route: RK4 steps for y = |H|g.
    public var odeSteps: Int
    /// ODE route: maximum iterations of each CG solve (the ODE's inner solves and the outer one).
    public var cg: Int
    /// Lanczos route: the most Lanczos steps (hvps) for one direction.
    public var lanczos: Int
    /// Step multiplier.
    public var lr: Double
    /// The finer numerical settings of both routes.
    public var settings: SFHFSettings
    /// λ₀/s for `.auto`: the first step's λ relative to the scale s ≈ λ_max(H²).
    public var initialDamping: Double

    /// Whether saddles are left along negative curvature.
    public var escape: Bool
    private var escaper = CurvatureEscape()

    /// The current λ (nil until the first `.auto` step sets it from s).
    private var lambda: Double?
    private var counts = SFHFCounts()
    private var rejected = 0

    /// SFHF with the contract's defaults (`damping="auto"`, `method="lanczos"`, `ode_steps=20`,
    /// `cg=250`, `lr=1`); the counts must be at least 1.
    public init(damping: Damping = MethodDefaults.saddleFreeDamping, route: SFHFRoute = MethodDefaults.sfhfRoute,
                odeSteps: Int = MethodDefaults.odeSteps, cg: Int = MethodDefaults.cgIterations,
                lanczos: Int = MethodDefaults.lanczosSteps, lr: Double = MethodDefaults.sfhfLearningRate,
                settings: SFHFSettings = SFHFSettings(), initialDamping: Double = 1e-3,
                escape: Bool = MethodDefaults.escape) {
        precondition(odeSteps >= 1, "ode_steps must be at least 1")
        precondition(cg >= 1, "cg must be at least 1")
        precondition(lanczos >= 1, "lanczos must be at least 1")
        self.damping = damping; self.route = route; self.odeSteps = odeSteps; self.cg = cg
        self.lanczos = lanczos; self.lr = lr; self.settings = settings; self.initialDamping = initialDamping
        self.escape = escape
        escaper.basisBudget = settings.keepBasisBudget
    }

    /// `"sfhf"`.
    public var name: String { "sfhf" }

    /// The route's work counters (`lanczos_steps`, or `cg_iters` and `ode_steps`) and, for `.auto`,
    /// `lambda` and `rejected`.
    public var extra: [String: Double] {
        var e: [String: Double]
        switch route {
        case .lanczos: e = ["lanczos_steps": Double(counts.lanczosSteps)]
        case .ode: e = ["cg_iters": Double(counts.cgIterations), "ode_steps": Double(counts.odeSteps)]
        }
        if damping == .auto { e["lambda"] = lambda ?? 0; e["rejected"] = Double(rejected) }
        if escape { e["escapes"] = Double(escaper.escapes) }
        return e
    }

    /// ‖∇f‖ ≤ tol and, with `escape`, no negative curvature found by a random-start Lanczos run.
    public mutating func hasConverged(at current: Iterate, in context: StepContext) throws(MethodStop) -> Bool {
        escape ? try escaper.isStationary(current, in: context) : current.gnorm <= context.tol
    }

    /// One SFHF step θ + lr·Δ, with the damping's accept/reject loop; throws
    /// ``MethodStop/stalled`` when 12 rejections in a row leave f unimproved.
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        if escape, let d = try escaper.direction(at: current, in: context) {
            return try escaper.step(from: current, along: d, initialLength: 1, in: context)
        }
        let x = current.x
        let hvp: ([Double]) throws(MethodStop) -> [Double] = { v throws(MethodStop) in
            try context.hessianVectorProduct(at: x, v)
        }
        let check = { () throws(MethodStop) in try context.checkCancelled() }
        var directions: DirectionSource
        switch route {
        case .lanczos:
            let stored = self.lambda, start = initialDamping, damping = self.damping
            let lanczosStep = try SFHFLanczosStep(
                gradient: current.gradient, maxSteps: lanczos, settings: settings,
                lambda: { s in
                    switch damping {
                    case .fixed(let l): return l
                    case .auto: return Self.current(stored, initial: start, scale: s)
                    }
                }, check: check, hvp: hvp)
            counts.lanczosSteps += lanczosStep.steps
            let batch = damping == .auto ? settings.trialBatch(for: lanczosStep) : 1
            directions = .lanczos(lanczosStep, batch: batch)
        case .ode:
            let solver = SFHFSolver(odeSteps: odeSteps, cg: cg, settings: settings, check: check, hvp: hvp)
            let s = try solver.scale(dimension: x.count, counts: &counts)
            let y = try solver.absHessianProduct(current.gradient, scale: s, counts: &counts)
            directions = .ode(solver, y: y, scale: s)
        }

        switch damping {
        case .fixed(let l):
            let delta = try directions.next(l, counts: &counts, check: check, hvp: hvp)
            return StepReport(next: try context.iterate(at: step(x, delta)))
        case .auto:
            let s = directions.scale
            var lambda = Self.current(self.lambda, initial: initialDamping, scale: s)
            defer { self.lambda = lambda }
            for _ in 0...12 {
                let delta = try directions.next(lambda, counts: &counts, check: check, hvp: hvp)
                let next = try context.iterate(at: step(x, delta))
                if next.f.isFinite, next.f <= current.f + 1e-14 * max(1, abs(current.f)) {
                    // Levenberg–Marquardt: compare the decrease with the Taylor model's.
                    let d = Vec.scaled(delta, lr)
                    let hd = try hvp(d)
                    let predicted = Vec.dot(current.gradient, d) + 0.5 * Vec.dot(d, hd)
                    let rho = predicted < 0 ? (next.f - current.f) / predicted : 0
                    let used = lambda
                    if rho > 0.75 { lambda *= 2.0 / 3 } else if rho < 0.25 { lambda *= 1.5 }
                    lambda = Self.clamp(lambda, scale: s)
                    return StepReport(next: next, note: DampingLadder.note(used))
                }
                rejected += 1
                lambda = Self.raised(lambda, scale: s)
            }
            throw .stalled
        }
    }

    /// `.auto`'s λ for a step: the one carried over, or `initial`·s on the first step, clamped. The
    /// Lanczos route's stopping rule and the damping loop use the same value.
    static func current(_ stored: Double?, initial: Double, scale s: Double) -> Double {
        clamp(stored ?? initial * s, scale: s)
    }

    /// The λ tried after a rejection: 10λ, at most 10¹⁰·s.
    static func raised(_ lambda: Double, scale s: Double) -> Double { min(lambda * 10, 1e10 * s) }

    /// λ within [10⁻¹²·s, 10¹⁰·s].
    static func clamp(_ lambda: Double, scale s: Double) -> Double { min(max(lambda, 1e-12 * s), 1e10 * s) }

    private func step(_ x: [Double], _ delta: [Double]) -> [Double] {
        var out = x
        Vec.axpy(lr, delta, &out)
        return out
    }
}

/// Where one step's trial directions come from: what each route computed once per step, and the
/// per-λ solve on top of it.
private enum DirectionSource {
    /// The Krylov space from g, and the directions of a batch of λ's computed ahead (a second
    /// pass, when the basis is regenerated, yields `batch` of them for the price of one).
    case lanczos(SFHFLanczosStep, batch: Int, ready: [(lambda: Double, direction: [Double])] = [])
    /// y ≈ |H|g, and the scale of the ODE.
    case ode(SFHFSolver, y: [Double], scale: Double)

    /// s ≈ λ_max(H²), the unit of λ.
    var scale: Double {
        switch self {
        case .lanczos(let step, _, _): return step.scale
        case .ode(_, _, let s): return s
        }
    }

    /// Δ(λ) = −(H² + λI)⁻¹|H|g.
    mutating func next(_ lambda: Double, counts: inout SFHFCounts, check: () throws(MethodStop) -> Void,
                       hvp: ([Double]) throws(MethodStop) -> [Double]) throws(MethodStop) -> [Double] {
        switch self {
        case .ode(let solver, let y, _):
            return try solver.solve(y, lambda: lambda, counts: &counts)
        case .lanczos(var step, let batch, var ready):
            if let hit = ready.firstIndex(where: { $0.lambda == lambda }) {
                let d = ready[hit].direction
                ready.remove(at: hit)
                self = .lanczos(step, batch: batch, ready: ready)
                return d
            }
            // λ, 10λ, 100λ, …: the values a rejection asks for next, computed as the rejection
            // rule computes them so that they match exactly.
            var lambdas = [lambda]
            while lambdas.count < batch {
                lambdas.append(SaddleFreeHessianFree.raised(lambdas[lambdas.count - 1], scale: step.scale))
            }
            let computed = try step.directions(lambdas, check: check, hvp: hvp)
            ready = Array(zip(lambdas.dropFirst(), computed.dropFirst())).map { (lambda: $0.0, direction: $0.1) }
            self = .lanczos(step, batch: batch, ready: ready)
            return computed[0]
        }
    }
}

/// Numerical settings of SFHF's two routes (the contract's options are `method`, `ode_steps` and
/// `cg`; these are the finer knobs, with defaults measured on the test problems and the digits MLP,
/// docs/experiments.md).
public struct SFHFSettings: Sendable {
    /// Lanczos route: stop when the direction's coefficients change by at most this (relative)
    /// between two checkpoints.
    public var lanczosTolerance: Double
    /// Lanczos route: where the Krylov basis lives. nil (the default) keeps it when
    /// m·`lanczos` doubles fit in ``keepBasisBudget`` bytes and regenerates it otherwise.
    public var storage: LanczosFunction.Storage?
    /// Lanczos route, `storage == nil`: the most memory the kept basis may take, in bytes.
    public var keepBasisBudget: Int
    /// Lanczos route with a regenerated basis: how many λ's (λ, 10λ, …) one second pass yields,
    /// so that rejected λ's of `damping="auto"` cost no further products.
    public var regeneratedTrials: Int

    /// ODE route: p of the time mesh t = 1 − (1 − τ)^p; 1 is the paper's uniform mesh, 6 (default)
    /// resolves the square-root singularity at t = 1 (see ``SquareRootODE``).
    public var grading: Double
    /// ODE route: relative residual of the inner CG solves.
    public var odeTolerance: Double
    /// ODE route: relative residual of the outer CG solve (H² + λI)Δ = −y.
    public var tolerance: Double
    /// ODE route: Lanczos steps for the scale s ≈ λ_max(H²) (clipped to m).
    public var scaleSteps: Int
    /// ODE route: factor on the largest |Ritz value| before squaring (≥ 1).
    public var scaleSafety: Double
    /// ODE route: seed of the Lanczos start for the scale.
    public var seed: UInt64
    /// ODE route: whether each stage's CG solve starts from the previous stage's solution.
    public var warmStart: Bool

    /// The settings the method uses by default (each parameter is described on its property).
    public init(lanczosTolerance: Double = 3e-3, storage: LanczosFunction.Storage? = nil,
                keepBasisBudget: Int = 64 << 20, regeneratedTrials: Int = 3,
                grading: Double = MethodDefaults.grading, odeTolerance: Double = 1e-6, tolerance: Double = 1e-10,
                scaleSteps: Int = 10, scaleSafety: Double = 1.1, seed: UInt64 = 0x5F4F,
                warmStart: Bool = true) {
        precondition(grading >= 1, "grading must be at least 1")
        precondition(scaleSafety >= 1, "the scale's safety factor must be at least 1")
        precondition(regeneratedTrials >= 1, "at least one trial per pass")
        self.lanczosTolerance = lanczosTolerance; self.storage = storage
        self.keepBasisBudget = keepBasisBudget; self.regeneratedTrials = regeneratedTrials
        self.grading = grading; self.odeTolerance = odeTolerance; self.tolerance = tolerance
        self.scaleSteps = scaleSteps; self.scaleSafety = scaleSafety; self.seed = seed
        self.warmStart = warmStart
    }

    /// The storage for m parameters and at most `steps` Lanczos steps.
    func storage(dimension m: Int, steps: Int) -> LanczosFunction.Storage {
        if let s = storage { return s }
        let bytes = Double(m) * Double(min(steps, m)) * 8
        return bytes <= Double(keepBasisBudget) ? .keep : .regenerate
    }

    /// λ's per batch: one when directions are free (kept basis), else `regeneratedTrials`.
    func trialBatch(for step: SFHFLanczosStep) -> Int {
        step.storage == .keep ? 1 : regeneratedTrials
    }
}

/// Work counters of SFHF.
struct SFHFCounts {
    var cgIterations = 0
    var odeSteps = 0
    var lanczosSteps = 0
}

/// The SFHF direction at one point, with the work it took.
public struct SFHFDirection: Sendable {
    /// Δ = −(H² + λI)⁻¹|H|g as the route computed it.
    public var direction: [Double]
    /// y ≈ |H|g (the ODE's result; for the Lanczos route, the same Krylov space's |T|).
    public var absGradient: [Double]
    /// s, the scale of H² (the ODE's bound, or the Lanczos route's max θ²).
    public var scale: Double
    /// Hessian-vector products used.
    public var hvps: Int
    /// ODE route: CG iterations (inner solves and the outer solve).
    public var cgIterations: Int
    /// ODE route: RK4 steps.
    public var odeSteps: Int
    /// Lanczos route: Lanczos steps.
    public var lanczosSteps: Int
    /// Lanczos route: whether the stopping rule was met before the cap.
    public var converged: Bool
}

extension Methods {
    /// `sfhf(f, x0, damping="auto", method="lanczos", ode_steps=20, cg=250, lr=1, escape=true)`:
    /// saddle-free Hessian-free optimisation (see ``SaddleFreeHessianFree``).
    public static func sfhf(_ objective: any Objective, x0: [Double], damping: Damping = MethodDefaults.saddleFreeDamping,
                            route: SFHFRoute = MethodDefaults.sfhfRoute, odeSteps: Int = MethodDefaults.odeSteps,
                            cg: Int = MethodDefaults.cgIterations, lanczos: Int = MethodDefaults.lanczosSteps,
                            lr: Double = MethodDefaults.sfhfLearningRate,
                            settings: SFHFSettings = SFHFSettings(), escape: Bool = MethodDefaults.escape,
                            options: RunOptions = RunOptions()) -> MethodResult {
        Driver.run(SaddleFreeHessianFree(damping: damping, route: route, odeSteps: odeSteps, cg: cg,
                                         lanczos: lanczos, lr: lr, settings: settings, escape: escape),
                   on: objective, from: x0, options: options)
    }

    /// One SFHF direction at x with damping λ: Δ = −(H² + λI)⁻¹|H|∇f(x) by `route` — for measuring
    /// the approximation against the exact direction (which for λ → 0 is the undamped SFN
    /// direction −|H|⁻¹g). Throws when f, ∇f or a product is not finite.
    public static func sfhfDirection(_ objective: any Objective, at x: [Double], damping lambda: Double,
                                     route: SFHFRoute = MethodDefaults.sfhfRoute, odeSteps: Int = MethodDefaults.odeSteps,
                                     cg: Int = MethodDefaults.cgIterations, lanczos: Int = MethodDefaults.lanczosSteps,
                                     settings: SFHFSettings = SFHFSettings()) throws(AnalysisError) -> SFHFDirection {
        precondition(x.count == objective.dimension,
                     "point has \(x.count) entries, the objective takes \(objective.dimension)")
        let (f, g) = objective.valueAndGradient(at: x)
        guard f.isFinite, Vec.allFinite(g) else { throw .nonFinite("the gradient") }
        var hvps = 0
        let hvp = { (v: [Double]) throws(MethodStop) -> [Double] in
            hvps += 1
            let hv = objective.hessianVectorProduct(at: x, v)
            guard Vec.allFinite(hv) else { throw .nonFinite }
            return hv
        }
        var counts = SFHFCounts()
        do throws(MethodStop) {
            switch route {
            case .ode:
                let solver = SFHFSolver(odeSteps: odeSteps, cg: cg, settings: settings, check: {}, hvp: hvp)
                let s = try solver.scale(dimension: x.count, counts: &counts)
                let y = try solver.absHessianProduct(g, scale: s, counts: &counts)
                let delta = try solver.solve(y, lambda: lambda, counts: &counts)
                return SFHFDirection(direction: delta, absGradient: y, scale: s, hvps: hvps,
                                     cgIterations: counts.cgIterations, odeSteps: counts.odeSteps,
                                     lanczosSteps: 0, converged: true)
            case .lanczos:
                var step = try SFHFLanczosStep(gradient: g, maxSteps: lanczos, settings: settings,
                                               lambda: { _ in lambda }, check: {}, hvp: hvp)
                let phi = SFHFLanczosStep.phi(lambda: lambda, ritz: step.eigen.values)
                let out = try step.functions([{ -phi($0) }, { abs($0) }], check: {}, hvp: hvp)
                return SFHFDirection(direction: out[0], absGradient: out[1], scale: step.scale, hvps: hvps,
                                     cgIterations: 0, odeSteps: 0, lanczosSteps: step.steps,
                                     converged: step.converged)
            }
        } catch {
            throw .nonFinite("a Hessian-vector product")
        }
    }
}
