// `newton`: Newton's method with a full Hessian and optional damping (H + λI)Δ = −g.
import SFNNumerics

/// Newton's method: solve (H + λI)Δ = −g with the full Hessian and step θ ← θ + Δ.
///
/// ## Algorithm
/// Each step forms the m×m Hessian (m hvps) and solves by LU (LAPACK `dgesv`).
/// - `.fixed(0)` (`damping=0`, the default): the pure step −H⁻¹g. It jumps to the critical point
///   of the local quadratic model whatever its index, so it is *attracted to saddles*: on
///   f = x² − y² it lands on the saddle (0, 0) in one step. A singular H stops the run with
///   `"singular"`.
/// - `.fixed(λ)`: the damped step (H + λI)Δ = −g; still a saddle-seeker wherever H + λI is
///   indefinite.
/// - `.auto`: λ from Dauphin's ladder {1, …, 10⁻⁵}, the rung that most lowers f (see
///   ``DampingLadder``): 6 extra evaluations per step, one more for each decade the ladder has
///   slid below 10⁻⁵ (it does while its smallest rung wins, down to 10⁻¹⁵·‖H‖∞, and comes back up
///   when a larger one wins). When no rung lowers f — where H + λI is
///   indefinite for every rung the step can point uphill — λ climbs on, 10, 100, …, until one
///   does (Levenberg–Marquardt), so f never rises and a saddle no lower than the start is out of
///   reach: from Beale's standard start this reaches the minimum where `damping=0` lands on the
///   saddle (0, 1).
///
/// No line search beyond the ladder: Newton's own step length is the point of the comparison.
///
/// ## References
/// Dauphin et al. (2014), *Identifying and attacking the saddle point problem in high-dimensional
/// non-convex optimization*, §4 (Newton near saddles) and appendix F.1 (the damping ladder).
public struct Newton: StepMethod {
    /// Where λ comes from.
    public var damping: Damping

    /// The sliding ladder's state for `.auto`.
    public private(set) var ladder = DampingLadder()

    /// `clip`: the longest step (see ``DampingLadder/clip``).
    public init(damping: Damping = MethodDefaults.newtonDamping, clip: Double? = nil) {
        self.damping = damping
        ladder = DampingLadder(clip: clip)
    }

    /// `"newton"`.
    public var name: String { "newton" }

    /// One (damped) Newton step: m hvps for H, then one LU solve per rung tried; throws
    /// ``MethodStop/singular`` when (H + λI) cannot be solved.
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        let h = try context.hessian(at: current.x)
        let minusG = current.gradient.map { -$0 }
        let choice = try ladder.choose(damping, from: current, scale: Self.scale(of: h), in: context) { lambda throws(MethodStop) in
            var shifted = h
            if lambda != 0 { for i in 0..<h.rows { shifted[i, i] += lambda } }
            return try context.solve(shifted, minusG)
        }
        let note = damping == .undamped ? "" : DampingLadder.note(choice.lambda)
        return StepReport(next: try context.iterate(at: choice.x), note: note)
    }

    /// ‖H‖∞, the largest absolute row sum: a bound on max |eigenvalue| (and within a factor √m of
    /// it) that costs one pass over the Hessian the step already has, with no decomposition.
    static func scale(of h: Tensor) -> Double {
        let n = h.columns
        return h.scalars.withUnsafeBufferPointer { entries in
            var largest = 0.0
            for i in 0..<h.rows {
                var row = 0.0
                for j in 0..<n { row += abs(entries[i * n + j]) }
                largest = max(largest, row)
            }
            return largest
        }
    }
}

extension Methods {
    /// `newton(f, x0, damping=0)`: Newton's method; `damping` is `.fixed(0)` (pure step),
    /// `.fixed(λ)` or `.auto` (Dauphin's ladder).
    public static func newton(_ objective: any Objective, x0: [Double], damping: Damping = MethodDefaults.newtonDamping,
                              clip: Double? = nil, options: RunOptions = RunOptions()) -> MethodResult {
        Driver.run(Newton(damping: damping, clip: clip), on: objective, from: x0, options: options)
    }
}
