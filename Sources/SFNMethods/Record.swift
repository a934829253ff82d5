// The record every optimiser returns, and why a run stopped (LANGUAGE.md §6, "Optimisers").

/// Why an iterative method stopped. The raw values are the strings scripts see in `r.reason`.
public enum StopReason: String, Sendable, CaseIterable {
    /// The stopping test held: ‖∇f‖ ≤ tol (for `sfn` with `escape`, also no negative curvature).
    case converged
    /// The step budget ran out, or the method could make no further progress (then
    /// `extra["stalled"] == 1`).
    case maxSteps = "max steps"
    /// f, ∇f or a step became NaN or infinite; the record keeps the last finite iterate.
    case nonFinite = "non-finite"
    /// A linear system had no (finite) solution, e.g. undamped Newton at a singular Hessian.
    case singular
    /// The run was cancelled through a ``Cancellation`` (Ctrl-C in the REPL).
    case interrupted
}

/// The result of an optimiser run: the fields of the contract's optimiser record.
///
/// `x`, `f` and `gnorm` describe the last accepted iterate, which is always finite.
public struct MethodResult: Sendable {
    /// The final parameters θ.
    public var x: [Double]
    /// f(θ) at `x`.
    public var f: Double
    /// ‖∇f(θ)‖₂ at `x`.
    public var gnorm: Double
    /// Iterations taken (accepted steps).
    public var steps: Int
    /// True exactly when `reason == .converged`.
    public var converged: Bool
    /// Why the run stopped.
    public var reason: StopReason
    /// f at the start and after each step: `history.count == steps + 1`.
    public var history: [Double]
    /// The command's name: `"gd"`, `"newton"`, `"sfn"`, `"lbfgs"`, `"critical"`, …
    public var method: String
    /// Objective evaluations: every call of f or of (f, ∇f) counts one.
    public var evals: Int
    /// Hessian-vector products; a full m×m Hessian counts m.
    public var hvps: Int
    /// Wall-clock duration of the run.
    public var seconds: Double
    /// Method-specific counters (`escapes`, `stalled`, later `cg_iters`, `ode_steps`).
    public var extra: [String: Double]
    /// The iterates θ₀, θ₁, … (for contour plots); empty unless recorded (see
    /// ``RunOptions/recordPath``).
    public var path: [[Double]]
    /// The cost of the run up to each entry of `history`: wall-clock seconds, objective
    /// evaluations and Hessian-vector products counted from the start of the run (entry 0 is
    /// after the first evaluation at x₀). Each has `history.count` entries when the driver ran;
    /// the last may be below `seconds`/`evals`, which include the work after the last step.
    public var historySeconds: [Double] = []
    /// Objective evaluations up to each entry of `history` (see `historySeconds`).
    public var historyEvals: [Int] = []
    /// Hessian-vector products up to each entry of `history` (see `historySeconds`).
    public var historyHvps: [Int] = []

    /// A record with these fields; `converged` is set from `reason`, the cost histories are empty.
    public init(x: [Double], f: Double, gnorm: Double, steps: Int, reason: StopReason,
                history: [Double], method: String, evals: Int, hvps: Int, seconds: Double,
                extra: [String: Double] = [:], path: [[Double]] = []) {
        self.x = x; self.f = f; self.gnorm = gnorm; self.steps = steps
        self.converged = reason == .converged; self.reason = reason
        self.history = history; self.method = method; self.evals = evals; self.hvps = hvps
        self.seconds = seconds; self.extra = extra; self.path = path
    }
}
