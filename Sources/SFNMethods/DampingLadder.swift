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

/// The ladder of damping values, the rule that picks one, and the state that lets the ladder slide.
///
/// Dauphin et al. (2014), appendix F.1: "the damping coefficient is chosen at each update, to
/// maximize the improvement, among 10⁰, 10⁻¹, 10⁻², 10⁻³, 10⁻⁴, 10⁻⁵"; Algorithm 1 writes it as
/// λ ← argmin_λ f(θ + Δ(λ)).
///
/// A fixed floor of 10⁻⁵ is too high where the Hessian's small eigenvalues are smaller still: on
/// Powell's badly scaled function (eigenvalues 1.7·10¹⁰ and 2.4·10⁻⁸ at the minimum) each step then
/// closes only about 1/400 of the way along the valley. So the ladder *slides*: each step still
/// tries all of {1, …, 10⁻⁵}, and when the smallest rung tried is the one kept, the next step's
/// ladder reaches one decade lower, down to ``floor``·max(1, s) for the Hessian's scale s
/// (max |eigenvalue| or a bound on it, which the method passes in). It comes back up as soon as a
/// larger rung wins: the next ladder then ends at that rung (or at 10⁻⁵, whichever is lower).
/// A method keeps one `DampingLadder` value for its whole run; `.fixed` damping leaves it alone.
public struct DampingLadder: Sendable, Equatable {
    /// Dauphin's {1, 10⁻¹, …, 10⁻⁵}, largest (most cautious) first: every `.auto` step tries these.
    public static let values: [Double] = [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5]

    /// How far down the ladder may slide, relative to the Hessian's scale s: λ ≥ 10⁻²⁰·max(1, s)
    /// (the `max(1, ·)` of `classify`'s zero test, so that a tiny or zero Hessian, as of a linear
    /// f, does not let the ladder grow without end).
    ///
    /// The floor bounds the rungs a step tries (a flat stretch where rungs tie would otherwise let
    /// the ladder slide on every step); it is not what stops a slide, which ends as soon as a
    /// larger rung wins. It has to lie below the curvature ratios the solves actually resolve:
    /// on Powell's badly scaled function the small eigenvalue at the minimum is 1.4·10⁻¹⁸·s, and
    /// the 2×2 eigensolver and LU get it to full relative accuracy. LANGUAGE.md §6's 10⁻¹⁵·s
    /// would be 1.7·10⁻⁵ there, above the ladder's own bottom rung, and leave the run at about
    /// 3900 steps. Measured steps of `sfn` from Powell's start against the floor: 10⁻¹⁵ 3904,
    /// 10⁻¹⁷ 556, 10⁻¹⁸ 229, 10⁻²⁰ 165, no floor at all 165.
    public static let floor = 1e-20

    /// The decades the ladder reaches below 10⁻⁵ at the next `.auto` step (0: Dauphin's ladder).
    public private(set) var extraDecades = 0

    /// The longest step: a candidate Δ with ‖Δ‖ > `clip` is scaled to length `clip` before f is
    /// evaluated there (Pascanu et al. 2013's rescaling, which Dauphin et al. apply to the SFN
    /// step of their recurrent networks, appendix F.3). nil: no clipping.
    public var clip: Double?

    /// A ladder at Dauphin's rungs (no extra decades yet); `clip`, when given, must be positive.
    public init(clip: Double? = nil) {
        precondition(clip.map { $0 > 0 } ?? true, "clip must be positive")
        self.clip = clip
    }

    /// Δ scaled to length `limit` when it is longer.
    static func clipped(_ delta: [Double], to limit: Double?) -> [Double] {
        guard let c = limit else { return delta }
        let n = Vec.norm(delta)
        return n > c ? Vec.scaled(delta, c / n) : delta
    }

    /// The chosen λ and the point it leads to.
    struct Choice {
        var lambda: Double
        var x: [Double]
    }

    /// Armijo's constant: a rung counts as lowering f when f(θ + Δ) ≤ f(θ) + c·gᵀΔ with gᵀΔ < 0.
    static let sufficientDecrease = 1e-4
    /// How far the Levenberg–Marquardt fallback climbs above the ladder: λ = 10, 100, …, 10³⁰.
    static let maxClimb = 30

    /// The rungs the next `.auto` step tries when the Hessian's scale is `scale`: {1, …, 10⁻⁵} and
    /// then `extraDecades` more decades, as far as they stay at or above ``floor``·max(1, scale).
    public func rungs(scale: Double) -> [Double] {
        let lowest = Self.floor * max(1, scale)
        var rungs = Self.values
        for k in 0..<extraDecades {
            let lambda = Self.decade(Self.values.count + k)
            guard lambda >= lowest else { break }
            rungs.append(lambda)
        }
        return rungs
    }

    /// 10⁻ᵏ, exact to rounding (so that 10⁻⁶ prints and compares as the literal `1e-6`).
    static func decade(_ k: Int) -> Double { k < values.count ? values[k] : Double("1e-\(k)") ?? 0 }

    /// Picks λ for one step from `current`. `step(λ)` returns Δ(λ) or throws `.singular` when the
    /// damped system has no solution for that λ. `scale` is the Hessian's scale (max |eigenvalue|
    /// or a bound on it), which sets how far the ladder may slide.
    ///
    /// With `.fixed(λ)` this is just θ + Δ(λ) (no extra evaluation). With `.auto`:
    /// 1. Every rung of ``rungs(scale:)`` is tried (one evaluation each) and, among the rungs that
    ///    lower f — Armijo's sufficient decrease f(θ + Δ) ≤ f(θ) + 10⁻⁴·gᵀΔ along a descent
    ///    direction, gᵀΔ < 0 — the one with the lowest f is taken. Exact ties go to the smaller λ
    ///    (the fuller Newton step), which matters near a minimum where rungs agree to rounding.
    ///    If that is the smallest rung tried, the next step's ladder reaches one decade lower;
    ///    otherwise it ends at the rung taken (never above 10⁻⁵).
    /// 2. If no rung lowers f, λ climbs on above the ladder, 10, 100, …, until one does: the
    ///    Levenberg–Marquardt rule. A large enough λ makes Δ ≈ −g/λ, a short gradient step, so this
    ///    ends unless f cannot be lowered at rounding level. The contract's ladder is silent on
    ///    this case; taking a step that raises f instead would let Newton walk onto a saddle that
    ///    lies no lower than the start (Beale's function from (1, 1) reaches the saddle (0, 1)
    ///    along its level set f = 14.203125). The next ladder is Dauphin's again.
    /// 3. If nothing lowers f even then (f is flat to rounding, as at a converged point), the
    ///    lowest f of all rungs tried is taken, so that a run whose tolerance is below rounding
    ///    still ends by its step budget, and the ladder keeps its reach. But when that best rung
    ///    does not move θ at all, the run cannot progress: the step throws `.nonFinite` if rungs
    ///    met nan or ±inf (a wall of non-finite values ahead), else `.stalled` (reason
    ///    "max steps", `extra["stalled"]`).
    ///
    /// Rungs with a singular system or a non-finite f are skipped; if every rung fails the step
    /// throws `.singular` (when some system was singular) or `.nonFinite`.
    mutating func choose(_ damping: Damping, from current: Iterate, scale: Double, in context: StepContext,
                         step unclipped: (Double) throws(MethodStop) -> [Double]) throws(MethodStop) -> Choice {
        let limit = clip
        func step(_ lambda: Double) throws(MethodStop) -> [Double] { Self.clipped(try unclipped(lambda), to: limit) }
        switch damping {
        case .fixed(let lambda):
            return Choice(lambda: lambda, x: Vec.add(current.x, try step(lambda)))
        case .auto:
            let rungs = rungs(scale: scale)
            var search = Search(current: current)
            for lambda in rungs { try search.tryRung(lambda, in: context, step: step) }
            var lambda = rungs[0]
            for _ in 0..<Self.maxClimb where search.bestDescent == nil && !search.stepNegligible {
                lambda *= 10
                try search.tryRung(lambda, in: context, step: step)
            }
            guard let best = search.bestDescent ?? search.bestAny else {
                throw search.sawSingular ? .singular : .nonFinite
            }
            if best.choice.x == current.x { throw search.sawNonFinite ? .nonFinite : .stalled }
            if search.bestDescent != nil { slide(kept: best.choice.lambda, tried: rungs) }
            return best.choice
        }
    }

    /// The sliding rule, after a step that kept `kept` (a descent) from the ladder `tried`.
    mutating func slide(kept: Double, tried: [Double]) {
        let below = tried.count - Self.values.count   // decades this step reached below 10⁻⁵
        if let bottom = tried.last, kept == bottom {
            extraDecades = below + 1
        } else if let k = tried.firstIndex(of: kept) {
            extraDecades = max(0, k - (Self.values.count - 1))
        } else {
            extraDecades = 0   // a climb above the ladder
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
