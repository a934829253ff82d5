// The one loop every optimiser runs in: stopping tests, history, progress, counting, timing.
import SFNNumerics

/// Options common to every iterative method (the contract's `steps` and `tol`, plus the hooks the
/// language layer needs).
public struct RunOptions {
    /// Maximum number of steps (iterations). Default 100.
    public var steps: Int
    /// Gradient-norm tolerance: the run has converged when ‖∇f‖ ≤ tol. Default 1e-8.
    public var tol: Double
    /// Polled once per step and inside inner loops; a cancelled run returns `"interrupted"`.
    public var cancellation: Cancellation?
    /// Called at the start (step 0) and after every accepted step. The language layer prints it.
    public var progress: ((ProgressEvent) -> Void)?
    /// Whether to keep every iterate in ``MethodResult/path``. `nil` (the default) keeps them only
    /// for small problems (m ≤ 16), which is all a contour plot can show, so large runs do not
    /// hold steps × m numbers for nothing.
    public var recordPath: Bool?
    /// The most entries kept in the history (and its costs and the path): past it, every k-th
    /// entry is kept with k doubling, and always the first and the last (``ThinnedHistory``).
    public var historyCapacity: Int

    /// Options with the contract's defaults (``MethodDefaults``: 100 steps, tol 10⁻⁸), no cancellation, no progress.
    public init(steps: Int = MethodDefaults.steps, tol: Double = MethodDefaults.tolerance, cancellation: Cancellation? = nil,
                progress: ((ProgressEvent) -> Void)? = nil, recordPath: Bool? = nil,
                historyCapacity: Int = MethodDefaults.historyCapacity) {
        self.steps = steps; self.tol = tol; self.cancellation = cancellation
        self.progress = progress; self.recordPath = recordPath; self.historyCapacity = historyCapacity
    }
}

/// One progress line: emitted for the starting point (`step == 0`) and after every step.
public struct ProgressEvent: Sendable {
    /// The method's name, as in the record.
    public var method: String
    /// Steps taken so far.
    public var step: Int
    /// f at the current iterate.
    public var f: Double
    /// ‖∇f‖ at the current iterate.
    public var gnorm: Double
    /// What the step chose, e.g. `"λ=0.001"` or `"escape t=1"`; empty when there is nothing to say.
    public var note: String
}

/// The shared driver: it owns iteration, stopping reasons, progress, cancellation, counting and
/// the result record; a ``StepMethod`` supplies only its step.
public enum Driver {
    /// Runs `method` on `objective` from `x0`.
    ///
    /// Stopping tests, in the order they are made before each step: cancellation
    /// (`"interrupted"`), the method's convergence test (`"converged"`), the step budget
    /// (`"max steps"`). A step that throws or returns a non-finite iterate ends the run with the
    /// matching reason and the record keeps the last finite iterate; a step that stalls after
    /// meeting a non-finite f or ∇f ends it with `"non-finite"` too, so every method gives the same
    /// reason when it runs into NaN or ±inf. A non-finite starting point
    /// gives `"non-finite"` after zero steps with `x = x0`.
    public static func run<M: StepMethod>(_ method: M, on objective: any Objective, from x0: [Double],
                                          options: RunOptions = RunOptions()) -> MethodResult {
        precondition(x0.count == objective.dimension,
                     "starting point has \(x0.count) entries, the objective takes \(objective.dimension)")
        let clock = ContinuousClock()
        let start = clock.now
        var method = method
        let counted = CountingObjective(objective)
        let context = StepContext(counted: counted, tol: options.tol, cancellation: options.cancellation)
        let keepPath = options.recordPath ?? (objective.dimension <= 16)

        var current: Iterate
        // f and the cost up to each step, and the iterates: thinned as the run grows, so that a
        // run of any length keeps a bounded record.
        var history = ThinnedHistory<(f: Double, seconds: Double, evals: Int, hvps: Int)>(capacity: options.historyCapacity)
        let pathCapacity = min(options.historyCapacity, MethodDefaults.pathScalars / max(1, objective.dimension))
        var path = ThinnedHistory<[Double]>(capacity: pathCapacity)
        func since(_ t: ContinuousClock.Instant) -> Double {
            let d = (clock.now - t).components
            return Double(d.seconds) + Double(d.attoseconds) * 1e-18
        }
        func trace(_ step: Int) {
            history.append((current.f, since(start), counted.evals, counted.hvps), step: step)
            if keepPath { path.append(current.x, step: step) }
        }
        var steps = 0
        var reason: StopReason
        var stalled = false

        func report(_ note: String) {
            options.progress?(ProgressEvent(method: method.name, step: steps, f: current.f,
                                            gnorm: current.gnorm, note: note))
        }

        let (f0, g0) = counted.valueAndGradient(at: x0)
        current = Iterate(x: x0, f: f0, gradient: g0)
        trace(0)

        if !current.isFinite {
            reason = .nonFinite
        } else {
            report("")
            do throws(MethodStop) {
                while true {
                    try context.checkCancelled()
                    if try method.hasConverged(at: current, in: context) { reason = .converged; break }
                    if steps >= options.steps { reason = .maxSteps; break }
                    counted.metNonFinite = false
                    let stepped = try method.step(from: current, in: context)
                    guard stepped.next.isFinite else { throw MethodStop.nonFinite }
                    current = stepped.next
                    steps += 1
                    trace(steps)
                    report(stepped.note)
                }
            } catch {
                switch error {
                case .singular: reason = .singular
                case .nonFinite: reason = .nonFinite
                case .interrupted: reason = .interrupted
                // A step that found no way on after meeting NaN or ±inf (a line search or damping
                // loop backing off a wall of them) was stopped by them: saying "max steps" there
                // would hide why (issue 17: lbfgs, sfhf and critical did, after 0 or 1 steps).
                case .stalled where counted.metNonFinite: reason = .nonFinite
                case .stalled: reason = .maxSteps; stalled = true
                }
            }
        }

        if reason != .nonFinite {
            let finished = method.finish(at: current, in: context)
            if finished.isFinite { current = finished }
        }
        var extra = method.extra
        if stalled { extra["stalled"] = 1 }
        var result = MethodResult(
            x: current.x, f: current.f, gnorm: current.gnorm, steps: steps, reason: reason,
            history: history.entries.map { $0.f }, method: method.name, evals: counted.evals, hvps: counted.hvps,
            seconds: since(start), extra: extra, path: path.entries)
        result.historySteps = history.steps
        result.historySeconds = history.entries.map { $0.seconds }
        result.historyEvals = history.entries.map { $0.evals }; result.historyHvps = history.entries.map { $0.hvps }
        return result
    }
}

/// Namespace of the built-in commands (`Methods.gd`, `Methods.sfn`, `Methods.classify`, …);
/// each is defined in its own file.
public enum Methods {}
