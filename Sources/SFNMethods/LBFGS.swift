// `lbfgs`: limited-memory BFGS, the quasi-Newton baseline.
import SFNNumerics

/// Limited-memory BFGS with a strong Wolfe line search.
///
/// ## Algorithm
/// The direction is p = −H̃∇f, with H̃ the inverse-Hessian estimate built by the two-loop
/// recursion (Nocedal & Wright 2006, Alg. 7.4) from the last `memory` pairs
/// s = θₖ₊₁ − θₖ, y = ∇fₖ₊₁ − ∇fₖ, and H̃₀ = (sᵀy / yᵀy) I from the newest pair. The step length
/// comes from a strong Wolfe line search (`WolfeLineSearch`, c₁ = 10⁻⁴, c₂ = 0.9), trying α = 1
/// first; the very first step, with no curvature yet, tries α = min(1, 1/‖∇f‖). A pair is stored only when
/// sᵀy > 10⁻¹⁰‖s‖‖y‖ (curvature safeguard), so H̃ stays positive definite.
///
/// If p is not a descent direction or the line search fails, the memory is cleared and the step is
/// retried along −∇f; if that fails too the run stops as stalled (`"max steps"`,
/// `extra["stalled"] = 1`), which happens when f no longer changes at rounding level.
/// `extra["resets"]` counts the memory resets.
///
/// ## References
/// Nocedal & Wright (2006), *Numerical Optimization*, §7.2 and Alg. 3.5–3.6.
public struct LBFGS: StepMethod {
    /// Number of (s, y) pairs kept (the contract's `memory`).
    public var memory: Int

    private var pairs: [(s: [Double], y: [Double], rho: Double)] = []
    private var resets = 0
    private let lineSearch = WolfeLineSearch()

    /// L-BFGS keeping the last `memory` pairs (at least one; default ``MethodDefaults/memory``).
    public init(memory: Int = MethodDefaults.memory) { self.memory = max(1, memory) }

    /// `"lbfgs"`.
    public var name: String { "lbfgs" }

    /// `resets`: how often the memory was cleared after a failed line search.
    public var extra: [String: Double] { ["resets": Double(resets)] }

    /// A line search along the two-loop direction, retried along −∇f with empty memory when it
    /// fails; throws ``MethodStop/stalled`` when that fails too.
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        let g = current.gradient
        var next: Iterate?
        if !pairs.isEmpty {
            next = try lineSearch.search(from: current, direction: direction(g), initialStep: 1, in: context)
            if next == nil { pairs.removeAll(); resets += 1 }
        }
        if next == nil {
            let initial = min(1, 1 / max(current.gnorm, 1e-300))
            next = try lineSearch.search(from: current, direction: g.map { -$0 }, initialStep: initial,
                                         in: context)
        }
        // No acceptable point, or one that rounds back onto θ: f cannot be lowered any further.
        guard let next, next.x != current.x else { throw .stalled }
        remember(s: Vec.sub(next.x, current.x), y: Vec.sub(next.gradient, g))
        return StepReport(next: next)
    }

    /// Two-loop recursion: −H̃g from the stored pairs, newest first then oldest first.
    private func direction(_ g: [Double]) -> [Double] {
        var q = g
        var alphas = [Double](repeating: 0, count: pairs.count)
        for i in pairs.indices.reversed() {
            alphas[i] = pairs[i].rho * Vec.dot(pairs[i].s, q)
            Vec.axpy(-alphas[i], pairs[i].y, &q)
        }
        if let newest = pairs.last {
            q = Vec.scaled(q, Vec.dot(newest.s, newest.y) / Vec.dot(newest.y, newest.y))
        }
        for i in pairs.indices {
            let beta = pairs[i].rho * Vec.dot(pairs[i].y, q)
            Vec.axpy(alphas[i] - beta, pairs[i].s, &q)
        }
        return q.map { -$0 }
    }

    private mutating func remember(s: [Double], y: [Double]) {
        let sy = Vec.dot(s, y)
        guard sy > 1e-10 * Vec.norm(s) * Vec.norm(y), sy.isFinite else { return }
        pairs.append((s, y, 1 / sy))
        if pairs.count > memory { pairs.removeFirst() }
    }
}

extension Methods {
    /// `lbfgs(f, x0, memory=10)`: limited-memory BFGS with a strong Wolfe line search.
    public static func lbfgs(_ objective: any Objective, x0: [Double], memory: Int = MethodDefaults.memory,
                             options: RunOptions = RunOptions()) -> MethodResult {
        Driver.run(LBFGS(memory: memory), on: objective, from: x0, options: options)
    }
}
