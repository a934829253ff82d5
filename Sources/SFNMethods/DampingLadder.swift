// Dauphin et al.'s damping ladder, shared by `newton` and `sfn`.
import Foundation
import SFNNumerics

/// How a damped second-order step chooses λ.
///
/// `newton` solves (H + λI)Δ = −g and `sfn` solves (|H| + λI)Δ = −g; this says where λ comes from.
public enum Damping: Sendable, Equatable {
    /// A fixed λ. `.fixed(0)` is the undamped step (the contract's `damping=0`).
    case fixed(Double)
    /// λ chosen afresh at every step from the ladder {1, 10⁻¹, …, 10⁻⁵} (the contract's `"auto"`).
    case auto

    /// The undamped step, λ = 0.
    public static let undamped = Damping.fixed(0)
}

/// The ladder of damping values and the rule that picks one.
///
/// Dauphin et al. (2014), appendix F.1: "the damping coefficient is chosen at each update, to
/// maximize the improvement, among 10⁰, 10⁻¹, 10⁻², 10⁻³, 10⁻⁴, 10⁻⁵"; Algorithm 1 writes it as
/// λ ← argmin_λ f(θ + Δ(λ)).
public enum DampingLadder {
    /// {1, 10⁻¹, …, 10⁻⁵}, largest (most cautious) first.
    public static let values: [Double] = [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5]

    /// The chosen λ and the point it leads to.
    struct Choice {
        var lambda: Double
        var x: [Double]
    }

    /// Armijo's constant: a rung counts as lowering f when f(θ + Δ) ≤ f(θ) + c·gᵀΔ with gᵀΔ < 0.
    static let sufficientDecrease = 1e-4
    /// How far the Levenberg–Marquardt fallback climbs above the ladder: λ = 10, 100, …, 10³⁰.
    static let maxClimb = 30

    /// Picks λ for one step from `current`. `step(λ)` returns Δ(λ) or throws `.singular` when the
    /// damped system has no solution for that λ.
    ///
    /// With `.fixed(λ)` this is just θ + Δ(λ) (no extra evaluation). With `.auto`:
    /// 1. Every rung of the ladder is tried (one evaluation each) and, among the rungs that lower
    ///    f — Armijo's sufficient decrease f(θ + Δ) ≤ f(θ) + 10⁻⁴·gᵀΔ along a descent direction,
    ///    gᵀΔ < 0 — the one with the lowest f is taken. Exact ties go to the smaller λ (the fuller
    ///    Newton step), which matters near a minimum where rungs agree to rounding.
    /// 2. If no rung lowers f, λ climbs on above the ladder, 10, 100, …, until one does: the
    ///    Levenberg–Marquardt rule. A large enough λ makes Δ ≈ −g/λ, a short gradient step, so this
    ///    ends unless f cannot be lowered at rounding level. The contract's ladder is silent on
    ///    this case; taking a step that raises f instead would let Newton walk onto a saddle that
    ///    lies no lower than the start (Beale's function from (1, 1) reaches the saddle (0, 1)
    ///    along its level set f = 14.203125).
    /// 3. If nothing lowers f even then (f is flat to rounding, as at a converged point), the
    ///    lowest f of all rungs tried is taken, so that a run whose tolerance is below rounding
    ///    still ends by its step budget. But when that best rung does not move θ at all, the run
    ///    cannot progress: the step throws `.nonFinite` if rungs met nan or ±inf (a wall of
    ///    non-finite values ahead), else `.stalled` (reason "max steps", `extra["stalled"]`).
    ///
    /// Rungs with a singular system or a non-finite f are skipped; if every rung fails the step
    /// throws `.singular` (when some system was singular) or `.nonFinite`.
    static func choose(_ damping: Damping, from current: Iterate, in context: StepContext,
                       step: (Double) throws(MethodStop) -> [Double]) throws(MethodStop) -> Choice {
        switch damping {
        case .fixed(let lambda):
            return Choice(lambda: lambda, x: Vec.add(current.x, try step(lambda)))
        case .auto:
            var search = Search(current: current)
            for lambda in values { try search.tryRung(lambda, in: context, step: step) }
            var lambda = values[0]
            for _ in 0..<maxClimb where search.bestDescent == nil && !search.stepNegligible {
                lambda *= 10
                try search.tryRung(lambda, in: context, step: step)
            }
            guard let best = search.bestDescent ?? search.bestAny else {
                throw search.sawSingular ? .singular : .nonFinite
            }
            if best.choice.x == current.x { throw search.sawNonFinite ? .nonFinite : .stalled }
            return best.choice
        }
    }

    /// The rungs tried so far in one `.auto` step.
    private struct Search {
        let current: Iterate
        /// The lowest f among rungs that pass the sufficient-decrease test.
        var bestDescent: (choice: Choice, f: Double)?
        /// The lowest f among all finite rungs.
        var bestAny: (choice: Choice, f: Double)?
        var sawSingular = false
        var sawNonFinite = false
        /// Whether the last rung's step was too short to move θ in floating point; climbing
        /// further would only shorten it.
        var stepNegligible = false

        init(current: Iterate) { self.current = current }

        mutating func tryRung(_ lambda: Double, in context: StepContext,
                              step: (Double) throws(MethodStop) -> [Double]) throws(MethodStop) {
            try context.checkCancelled()
            let delta: [Double]
            do throws(MethodStop) { delta = try step(lambda) } catch .singular {
                sawSingular = true; return
            }
            let trial = Vec.add(current.x, delta)
            stepNegligible = trial == current.x
            let f = try context.value(at: trial)
            guard f.isFinite else { sawNonFinite = true; return }
            let candidate = (Choice(lambda: lambda, x: trial), f)
            // `<=` because rungs come largest λ first: a tie goes to the later, smaller one.
            if bestAny.map({ f <= $0.f }) ?? true { bestAny = candidate }
            let slope = Vec.dot(current.gradient, delta)
            let lowers = slope < 0 && f <= current.f + DampingLadder.sufficientDecrease * slope
            if lowers, bestDescent.map({ f <= $0.f }) ?? true { bestDescent = candidate }
        }
    }

    /// The progress note for a chosen λ.
    static func note(_ lambda: Double) -> String { String(format: "λ=%g", lambda) }
}
