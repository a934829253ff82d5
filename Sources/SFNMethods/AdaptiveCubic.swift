// `arc`: adaptive cubic regularisation (Cartis, Gould and Toint 2011) from H·v products, the cubic
// model minimised in a Lanczos space.
import Foundation
import SFNNumerics

/// Adaptive cubic regularisation (ARC): the step minimises the cubic model
///
///     m(s) = f + gᵀs + ½sᵀHs + σ/3‖s‖³
///
/// over the Krylov space of H from g (`KrylovModel`: the secular equation (T + λI)h = −‖g‖e₁,
/// λ = σ‖h‖, on the Lanczos tridiagonal, T indefinite and the hard case included), and σ adapts by
/// ρ = (f(x) − f(x + s)) / (f − m(s)) (Cartis, Gould and Toint 2011, Part I, Algorithm 2.1):
/// ρ ≥ 0.9 (very successful) accepts the step and halves σ (not below `sigmaMin`); ρ ≥ 0.1
/// (successful) accepts it and keeps σ; otherwise the step is rejected and σ doubles, and the model
/// is solved again on the same Lanczos tridiagonal. A driver step is one accepted step, so f never
/// rises (beyond rounding: `DecreaseRatio`); 60 rejections in a row (σ up 2⁶⁰) stop the run `"stalled"`.
///
/// The Lanczos process stops when the model's gradient is at most 0.1·min(1, ‖s‖)·‖g‖ (Part I,
/// TC.s with κ_θ = 0.1), or at `krylov` vectors (default 50, at most m). Cost per step: the
/// Lanczos vectors (one product each), plus one evaluation per trial, plus — only when the basis is
/// regenerated, for m·krylov doubles over 64 MB — k − 1 products per trial to form s. Memory:
/// O(m·k) with the basis kept, O(m) regenerated.
///
/// Guarantee (Part I, Thm 2.5; Part II, Cor 5.3, for H Lipschitz and bounded below): ‖g‖ → 0,
/// within O(ε^(−3/2)) steps to ‖g‖ ≤ ε when the model is minimised at least as far as the
/// Cauchy point, which the Krylov space's first vector already ensures. With `escape` (default),
/// a point with ‖g‖ ≤ tol and negative curvature is left by ``CurvatureEscape`` (first length
/// |θ₁|/σ), so `converged` means a second-order stationary point.
public struct AdaptiveCubic: StepMethod {
    /// The current σ.
    public private(set) var sigma: Double
    /// The largest Lanczos space.
    public var krylov: Int
    /// Whether saddles are left along negative curvature.
    public var escape: Bool
    /// The smallest σ.
    public var sigmaMin: Double
    /// The most memory the kept Lanczos basis may take, in bytes (also the escape's); beyond it the
    /// basis is regenerated: O(m) memory, k − 1 more products per trial step.
    public var basisBudget = LanczosFunction.Storage.defaultBudget {
        didSet { escaper.basisBudget = basisBudget }
    }
    private var escaper = CurvatureEscape()
    private var rejected = 0
    private var lanczosSteps = 0

    /// ARC with σ₀ = `sigma` (> 0) and at most `krylov` Lanczos vectors.
    public init(sigma: Double = MethodDefaults.sigma, krylov: Int = MethodDefaults.modelKrylov,
                escape: Bool = MethodDefaults.escape, sigmaMin: Double = 1e-10) {
        precondition(sigma > 0 && sigma.isFinite, "sigma must be positive")
        precondition(krylov >= 1, "krylov must be at least 1")
        self.sigma = sigma; self.krylov = krylov; self.escape = escape; self.sigmaMin = sigmaMin
    }

    /// `"arc"`.
    public var name: String { "arc" }

    /// `sigma` (the last σ), `rejected`, `lanczos_steps`, and `escapes` with escape.
    public var extra: [String: Double] {
        var e = ["sigma": sigma, "rejected": Double(rejected), "lanczos_steps": Double(lanczosSteps)]
        if escape { e["escapes"] = Double(escaper.escapes) }
        return e
    }

    /// ‖g‖ ≤ tol, and with escape no negative curvature found.
    public mutating func hasConverged(at current: Iterate, in context: StepContext) throws(MethodStop) -> Bool {
        escape ? try escaper.isStationary(current, in: context) : current.gnorm <= context.tol
    }

    /// An escape step at a saddle, else one accepted ARC step (after any rejections).
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        if escape, let d = try escaper.direction(at: current, in: context) {
            return try escaper.step(from: current, along: d, initialLength: abs(d.curvature) / sigma, in: context)
        }
        let x = current.x
        var space = try KrylovModel(
            gradient: current.gradient, model: .cubic(sigma: sigma), maxSteps: krylov, basisBudget: basisBudget,
            tolerance: { [gnorm = current.gnorm] n in 0.1 * min(1, n) * gnorm }, in: context, at: x)
        lanczosSteps += space.steps
        for _ in 0..<60 {
            let solution = try space.solve(.cubic(sigma: sigma))
            let predicted = -solution.model
            let s = try space.vector(solution, in: context, at: x)
            let next = try context.iterate(at: Vec.add(x, s))
            let rho = DecreaseRatio.rho(from: current.f, to: next, predicted: predicted)
            if rho >= 0.9 {
                let used = sigma
                sigma = max(sigma / 2, sigmaMin)
                return StepReport(next: next, note: String(format: "σ=%g", used))
            }
            if rho >= 0.1 { return StepReport(next: next, note: String(format: "σ=%g", sigma)) }
            rejected += 1
            sigma *= 2
        }
        throw .stalled
    }
}

extension Methods {
    /// `arc(f, x0, sigma=1, krylov=50, escape=true)`: adaptive cubic regularisation (see ``AdaptiveCubic``).
    public static func arc(_ objective: any Objective, x0: [Double], sigma: Double = MethodDefaults.sigma,
                           krylov: Int = MethodDefaults.modelKrylov, escape: Bool = MethodDefaults.escape,
                           options: RunOptions = RunOptions()) -> MethodResult {
        Driver.run(AdaptiveCubic(sigma: sigma, krylov: krylov, escape: escape), on: objective, from: x0, options: options)
    }
}
