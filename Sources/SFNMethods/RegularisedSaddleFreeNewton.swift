// `rsfn`: regularised saddle-free Newton, Δ = −(H² + λI)^(−1/2) g with λ = c‖g‖, by the Lanczos
// matrix function sfhf's default route uses.
import Foundation
import SFNNumerics

/// Regularised saddle-free Newton (R-SFN): Δ = −(H² + λI)^(−1/2) g with λ = c·‖g‖.
///
/// (H² + λI)^(1/2) is a smooth |H|: its eigenvalues are √(μ² + λ) ≥ max(|μ|, √λ), so the step is
/// saddle-free Newton's −|H|⁻¹g where μ² ≫ λ, a gradient step of length ‖g‖/√λ where μ² ≪ λ, and
/// never singular. Tying λ to ‖g‖ (the R-SFN of Simpson's thesis and nrummel/SFN.jl, after the
/// gradient-regularised Newton of Mishchenko 2023 and Doikov and Nesterov, where √(L‖g‖) shifts H)
/// makes the regularisation vanish as the iterates converge, so the local rate is that of
/// saddle-free Newton, while far from a critical point the step length is at most
/// ‖g‖/√(c‖g‖) = √(‖g‖/c).
///
/// ## The step
/// The direction is one function of H applied to g, −ψ_λ(H)g with ψ_λ(x) = 1/√(x² + λ), taken from a
/// Lanczos process started at g (`LanczosFunction`, as `sfhf`'s default route): one product per
/// Lanczos step, stopped when the direction's coefficients change by at most 3·10⁻³, or after
/// `lanczos` steps. The step θ + Δ is accepted when it satisfies Armijo's sufficient decrease
/// f(θ + Δ) ≤ f(θ) + 10⁻⁴gᵀΔ (gᵀΔ < 0 always: ψ_λ > 0); then c halves for the next step if it was
/// the first λ tried (not below 10⁻¹⁰). Otherwise c is multiplied by 4 and the direction recomputed
/// from the same Krylov space (no products with the basis kept; k − 1 when regenerated, for
/// m·lanczos doubles over 64 MB), at most 30 times, then the run stops `"stalled"`.
///
/// Guarantee: f never rises (beyond rounding: `DecreaseRatio`). The rates proved for R-SFN assume the exact matrix function
/// and c at least the Hessian's Lipschitz constant; here c adapts as ARC's σ does, and the
/// Lanczos direction is approximate. At ‖g‖ = 0 the step vanishes: with `escape` (default), a
/// point with ‖g‖ ≤ tol and negative curvature is left by ``CurvatureEscape`` (first length 1), so
/// `converged` means a second-order stationary point.
public struct RegularisedSaddleFreeNewton: StepMethod {
    /// The current c in λ = c‖g‖.
    public private(set) var c: Double
    /// The most Lanczos steps for one direction.
    public var lanczos: Int
    /// Whether saddles are left along negative curvature.
    public var escape: Bool
    /// The Lanczos stopping tolerance (relative change of the direction's coefficients).
    public var tolerance = 3e-3
    /// The most memory the kept Lanczos basis may take, in bytes (also the escape's); beyond it the
    /// basis is regenerated: O(m) memory, k − 1 more products per direction.
    public var basisBudget = LanczosFunction.Storage.defaultBudget {
        didSet { escaper.basisBudget = basisBudget }
    }
    private var escaper = CurvatureEscape()
    private var rejected = 0
    private var lanczosSteps = 0
    private var lastLambda = 0.0

    /// R-SFN with c₀ = `c` (> 0) and at most `lanczos` products per direction.
    public init(c: Double = MethodDefaults.rsfnC, lanczos: Int = MethodDefaults.lanczosSteps,
                escape: Bool = MethodDefaults.escape) {
        precondition(c > 0 && c.isFinite, "c must be positive")
        precondition(lanczos >= 1, "lanczos must be at least 1")
        self.c = c; self.lanczos = lanczos; self.escape = escape
    }

    /// `"rsfn"`.
    public var name: String { "rsfn" }

    /// `c` (the last c), `lambda` (the last λ used), `rejected`, `lanczos_steps`, and `escapes`
    /// with escape.
    public var extra: [String: Double] {
        var e = ["c": c, "lambda": lastLambda, "rejected": Double(rejected), "lanczos_steps": Double(lanczosSteps)]
        if escape { e["escapes"] = Double(escaper.escapes) }
        return e
    }

    /// ‖g‖ ≤ tol, and with escape no negative curvature found.
    public mutating func hasConverged(at current: Iterate, in context: StepContext) throws(MethodStop) -> Bool {
        escape ? try escaper.isStationary(current, in: context) : current.gnorm <= context.tol
    }

    /// An escape step at a saddle, else one accepted R-SFN step.
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        if escape, let d = try escaper.direction(at: current, in: context) {
            return try escaper.step(from: current, along: d, initialLength: 1, in: context)
        }
        let x = current.x, g = current.gradient, gnorm = current.gnorm
        let m = x.count
        let cap = max(1, min(lanczos, m))
        var process = LanczosFunction(start: g, storage: .fitting(dimension: m, steps: cap, budget: basisBudget))
        let apply = { (v: [Double]) throws(MethodStop) -> [Double] in try context.hessianVectorProduct(at: x, v) }
        let c0 = c
        // No floor relative to the spectrum: on Brown's badly scaled function (eigenvalues 2 and
        // 2·10¹²) a floor of 10⁻¹⁶·max θ² = 10⁸ swamped the small eigenvalue and the run crawled.
        func lambda(_ c: Double, _ ritz: [Double]) -> Double { max(c * gnorm, .leastNormalMagnitude) }
        let result: LanczosFunction.Convergence
        do {
            result = try process.converge(tolerance: tolerance, maxSteps: cap,
                                          function: { ritz in Self.psi(lambda(c0, ritz)) }, operator: apply)
        } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
        lanczosSteps += process.steps
        var trial = c
        for attempt in 0..<30 {
            let l = lambda(trial, result.eigen.values)
            let coefficients = process.coefficients(Self.psi(l), eigen: result.eigen).map { -$0 }
            var delta: [Double]
            do { delta = try process.combine([coefficients], operator: apply)[0] } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
            guard Vec.allFinite(delta) else { throw .nonFinite }
            if delta.isEmpty { delta = [Double](repeating: 0, count: m) }
            let slope = Vec.dot(g, delta)
            let next = try context.iterate(at: Vec.add(x, delta))
            if DecreaseRatio.armijo(from: current.f, to: next, slope: slope) {
                c = attempt == 0 ? max(trial / 2, 1e-10) : trial
                lastLambda = l
                return StepReport(next: next, note: String(format: "λ=%g", l))
            }
            rejected += 1
            trial *= 4
        }
        c = trial
        throw .stalled
    }

    /// ψ_λ(x) = 1/√(x² + λ).
    static func psi(_ lambda: Double) -> (Double) -> Double { { x in 1 / (x * x + lambda).squareRoot() } }
}

extension Methods {
    /// `rsfn(f, x0, c=1, lanczos=400, escape=true)`: regularised saddle-free Newton (see
    /// ``RegularisedSaddleFreeNewton``).
    public static func rsfn(_ objective: any Objective, x0: [Double], c: Double = MethodDefaults.rsfnC,
                            lanczos: Int = MethodDefaults.lanczosSteps, escape: Bool = MethodDefaults.escape,
                            options: RunOptions = RunOptions()) -> MethodResult {
        Driver.run(RegularisedSaddleFreeNewton(c: c, lanczos: lanczos, escape: escape),
                   on: objective, from: x0, options: options)
    }
}
