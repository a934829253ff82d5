// Dauphin et al.'s damping ladder, shared by `newton` and `sfn`.
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

    /// Picks λ for one step from `x`. `step(λ)` returns Δ(λ) or throws `.singular` when the damped
    /// system has no solution for that λ.
    ///
    /// With `.fixed(λ)` this is just x + Δ(λ) (no extra evaluation). With `.auto` every rung is
    /// tried, f(x + Δ(λ)) is evaluated (one evaluation each) and the rung with the lowest f is
    /// taken, *even when no rung lowers f*: that is Dauphin's argmin taken literally, and refusing
    /// the step would leave the method at the same point with the same choice forever. Exact ties
    /// go to the smaller λ (the fuller Newton step), which matters near a minimum where all rungs
    /// agree to rounding. Rungs with a singular system or a non-finite f are skipped; if every rung
    /// fails the step throws `.singular` (when some system was singular) or `.nonFinite`.
    static func choose(_ damping: Damping, from x: [Double], in context: StepContext,
                       step: (Double) throws(MethodStop) -> [Double]) throws(MethodStop) -> Choice {
        switch damping {
        case .fixed(let lambda):
            return Choice(lambda: lambda, x: Vec.add(x, try step(lambda)))
        case .auto:
            var best: (choice: Choice, f: Double)?
            var sawSingular = false
            for lambda in values {
                try context.checkCancelled()
                let delta: [Double]
                do throws(MethodStop) { delta = try step(lambda) } catch .singular {
                    sawSingular = true; continue
                }
                let trial = Vec.add(x, delta)
                let f = try context.value(at: trial)
                guard f.isFinite else { continue }
                if let held = best, f > held.f { continue }
                best = (Choice(lambda: lambda, x: trial), f)
            }
            guard let best else { throw sawSingular ? .singular : .nonFinite }
            return best.choice
        }
    }

    /// The progress note for a chosen λ.
    static func note(_ lambda: Double) -> String { "λ=\(lambda)" }
}
