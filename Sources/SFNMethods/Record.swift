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
    /// f at the start and after each step: `history.count == steps + 1` for runs of up to
    /// ``MethodDefaults/historyCapacity`` steps; a longer run keeps every k-th entry (k doubling)
    /// and the last, at the steps in ``historySteps``.
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
    /// ``RunOptions/recordPath``). Thinned as `history` is in long runs, keeping the first and last.
    public var path: [[Double]]
    /// The cost of the run up to each entry of `history`: wall-clock seconds, objective
    /// evaluations and Hessian-vector products counted from the start of the run (entry 0 is
    /// after the first evaluation at x₀). Each has `history.count` entries when the driver ran;
    /// the last may be below `seconds`/`evals`, which include the work after the last step.
    public var historySeconds: [Double] = []
    /// The step of each entry of `history`: 0, 1, 2, …, or 0, k, 2k, …, and the last step once a
    /// long run is thinned (see ``RunOptions/historyCapacity``). Empty when the driver did not run.
    public var historySteps: [Int] = []
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

/// One field of the optimiser record: its name in scripts, its kind, what it holds, and how it is
/// read from a ``MethodResult``. ``MethodResult/fields`` is the one list of them: the language's
/// record mapping, the commands' help and the conformance tests all read it.
public struct RecordField: Sendable {
    /// How a field's value reaches a script.
    public enum Kind: String, Sendable {
        case number, bool, string, vector
        /// The parameter vector θ, which the language reshapes to the objective's parameter shapes.
        case point
        /// The iterates, one row per θ.
        case matrix
    }

    /// A field's value, before the language turns it into one of its values.
    public enum Content: Sendable {
        case number(Double), bool(Bool), string(String), vector([Double])
        case point([Double])
        case matrix(rows: Int, columns: Int, scalars: [Double])
    }

    /// The field's name in scripts (`r.gnorm`).
    public let name: String
    /// What kind of value it holds.
    public let kind: Kind
    /// One line for `:help`.
    public let summary: String
    /// Whether LANGUAGE.md §6 names the field (the others are sfn's additions).
    public let isContract: Bool
    /// The field's value in a result, or nil where the result does not have it.
    public let read: @Sendable (MethodResult) -> Content?
}

extension MethodResult {
    /// The optimiser record's fields. A record lists the contract's fields, then the method's own
    /// counters (``extra``, sorted by name), then the other fields.
    public static let fields: [RecordField] = [
        RecordField(name: "x", kind: .point, summary: "the final iterate", isContract: true) { .point($0.x) },
        RecordField(name: "f", kind: .number, summary: "f at x", isContract: true) { .number($0.f) },
        RecordField(name: "gnorm", kind: .number, summary: "‖∇f‖ at x", isContract: true) { .number($0.gnorm) },
        RecordField(name: "steps", kind: .number, summary: "steps taken", isContract: true) { .number(Double($0.steps)) },
        RecordField(name: "converged", kind: .bool, summary: "whether ‖∇f‖ ≤ tol was reached",
                    isContract: true) { .bool($0.converged) },
        RecordField(name: "reason", kind: .string,
                    summary: "why it stopped: " + StopReason.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "),
                    isContract: true) { .string($0.reason.rawValue) },
        RecordField(name: "history", kind: .vector,
                    summary: "f at the start and after each step; past \(MethodDefaults.historyCapacity) entries, "
                        + "every k-th (k doubling) and the last, so a long run's record stays small",
                    isContract: true) { .vector($0.history) },
        RecordField(name: "method", kind: .string, summary: "the command's name", isContract: true) { .string($0.method) },
        RecordField(name: "evals", kind: .number, summary: "objective evaluations",
                    isContract: true) { .number(Double($0.evals)) },
        RecordField(name: "hvps", kind: .number, summary: "Hessian-vector products (a full Hessian counts as m)",
                    isContract: true) { .number(Double($0.hvps)) },
        RecordField(name: "seconds", kind: .number, summary: "wall-clock time", isContract: true) { .number($0.seconds) },
        // Beyond the contract: the cost up to each history entry, so that a learning curve can be
        // drawn against wall time or work as well as steps; and the iterates, when kept.
        RecordField(name: "history_seconds", kind: .vector, summary: "seconds up to each history entry",
                    isContract: false) { $0.costHistoryIsComplete ? .vector($0.historySeconds) : nil },
        RecordField(name: "history_evals", kind: .vector, summary: "evals up to each history entry",
                    isContract: false) { $0.costHistoryIsComplete ? .vector($0.historyEvals.map(Double.init)) : nil },
        RecordField(name: "history_hvps", kind: .vector, summary: "hvps up to each history entry",
                    isContract: false) { $0.costHistoryIsComplete ? .vector($0.historyHvps.map(Double.init)) : nil },
        RecordField(name: "history_steps", kind: .vector, summary: "the step of each history entry (0, 1, 2, … until thinned)",
                    isContract: false) { $0.historySteps.count == $0.history.count && !$0.history.isEmpty
                        ? .vector($0.historySteps.map(Double.init)) : nil },
        RecordField(name: "path", kind: .matrix,
                    summary: "the iterates, one row each (when kept, as for contour; thinned as history is)",
                    isContract: false) { r in
            guard let m = r.path.first?.count else { return nil }
            return .matrix(rows: r.path.count, columns: m, scalars: r.path.flatMap { $0 })
        },
    ]

    /// The record's contents: the contract's fields, the method's counters, then the other
    /// fields this result has.
    public var recordContents: [(name: String, content: RecordField.Content)] {
        let read = { (fields: [RecordField]) in fields.compactMap { f in f.read(self).map { (f.name, $0) } } }
        return read(MethodResult.fields.filter(\.isContract))
            + extra.sorted { $0.key < $1.key }.map { ($0.key, RecordField.Content.number($0.value)) }
            + read(MethodResult.fields.filter { !$0.isContract })
    }

    /// Whether the driver filled the cost history (one entry per history entry).
    var costHistoryIsComplete: Bool { !history.isEmpty && historySeconds.count == history.count }
}
