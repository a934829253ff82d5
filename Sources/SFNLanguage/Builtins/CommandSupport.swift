// What the analysis and optimiser commands share: their common options, progress lines, the
// summary line, and turning the engine's results into the contract's records.
import Foundation
import SFNMethods
import SFNNumerics
import SFNSyntax

extension Builtins {
    /// `steps`, `tol` plus `data`/`shapes`/`quiet`: every optimiser accepts these.
    static func optimiserOptions(steps: Int = MethodDefaults.steps) -> [Builtin.Parameter] {
        [stepsOption(steps), toleranceOption] + objectiveOptions
    }

    /// The error of a command stopped by the cancellation flag (Ctrl-C) before it had anything to
    /// return: "interrupted", at the call. (A command with a record returns it instead, with
    /// `reason = "interrupted"`.)
    static func interrupted(_ args: Arguments) -> SFNError { SFNError("interrupted", at: args.location) }

    /// The cancellation check handed to the engine (Hessian batches, abandonable LAPACK calls).
    static func isCancelled(_ args: Arguments) -> () -> Bool {
        let cancellation = args.context.cancellation
        return { cancellation.isCancelled }
    }


    /// `steps=`: a whole number ≥ 0 of iterations.
    static func stepsOption(_ steps: Int) -> Builtin.Parameter {
        Builtin.Parameter.named("steps", .number(Double(steps)), accepts: .whole(0...Int.max)).common
    }

    /// `tol=1e-8`: the gradient-norm stopping test, a number ≥ 0 (nan would never be met).
    static var toleranceOption: Builtin.Parameter {
        Builtin.Parameter.named("tol", .number(MethodDefaults.tolerance), accepts: .nonNegative).common
    }

    /// `quiet=false`: every command that takes an objective accepts it (``objectiveOptions``).
    static var quietOption: Builtin.Parameter { Builtin.Parameter.named("quiet", .bool(false)).common }

    /// The help every optimiser shares: the common options and the record's fields, from
    /// ``MethodResult/fields``.
    static let optimiserHelp = """
        Common options: steps=\(MethodDefaults.steps) (iterations), tol=\(Builtin.Parameter.literal(.number(MethodDefaults.tolerance))) (stop when ‖∇f‖ ≤ tol), quiet=false.
        Returns a record:
        """ + "\n" + MethodResult.fields.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n") + "\n" + """
        Ctrl-C stops the run and still returns the record of what was done. A run past 2 s also shows step
        (with minibatches: epoch) of total, f, |g|, rate and ETA: one line redrawn in place on a terminal,
        plain lines (after about 2, 4, 8, 16, 32 s, then every 30 s) when the output is not one.
        """

    /// Runs an optimiser with the common options, printing progress unless quiet. `fullHessian`:
    /// the method forms the full Hessian every step (see ``noteFullHessian(_:_:perStep:)``).
    /// `count`: what a minibatch run counts instead of steps= (sgd's epochs=, and its epochs).
    static func runOptimiser(_ args: Arguments, fullHessian: Bool = false, count: Count? = nil,
                             _ body: (PreparedObjective, RunOptions) throws -> MethodResult) throws -> Value {
        let p = try args.context.compile(args.objectiveRequest("f", start: "x0"))
        let steps = try count?.steps ?? args.int("steps")
        let tol = try args.number("tol")
        let quiet = try args.bool("quiet")
        if fullHessian { try noteFullHessian(args, p, perStep: true) }
        var options = RunOptions(steps: steps, tol: tol, cancellation: args.context.cancellation)
        guard !quiet else { return .record(record(try body(p, options), shapedAs: p)) }
        let line = ProgressLine(steps: steps, perEpoch: count?.perEpoch, style: args.context.progressStyle,
                                clock: args.context.progressClock, write: args.context.write)
        options.progress = progress(line, steps: steps, perEpoch: count?.perEpoch)
        let result = try line.around { try body(p, options) }
        args.context.write(summaryLine(result) + "\n")
        return .record(record(result, shapedAs: p))
    }

    /// What a run counts when it is not simply steps= steps: sgd with data= and epochs=.
    struct Count {
        /// The step budget (epochs= times the batches of an epoch), or nil for steps=.
        var steps: Int?
        /// Steps per epoch when the run is in minibatches: its progress counts epochs.
        var perEpoch: Int?
    }

    /// From this many parameters on, a full Hessian is expensive enough (m hvps, 8m² bytes, O(m³)
    /// to decompose: about 10 s and 72 MB at m = 3000) that a command forming one says so first.
    static let largeHessian = 3000

    /// What a full-Hessian command does before it starts: it refuses a Hessian over the 1e8
    /// element limit (m > 10000: the allocation would abort the process), and on a large objective
    /// prints a note (unless quiet) so that a long wait is expected and the scalable alternatives
    /// are named.
    static func noteFullHessian(_ args: Arguments, _ p: PreparedObjective, perStep: Bool) throws {
        let m = p.dimension
        guard Double(m) * Double(m) <= Double(maxElements) else {
            throw args.error("\(m) parameters: the full \(m)×\(m) Hessian is more than the limit of 1e8 elements; "
                             + "spectrum(method=\"lanczos\"), sfn(krylov=k) and sfhf need only Hessian-vector products")
        }
        guard m >= largeHessian, !(try args.bool("quiet")) else { return }
        let megabytes = Int((8 * Double(m) * Double(m) / 1e6).rounded())
        args.context.write("\(args.builtin.name): note: \(m) parameters; \(perStep ? "every step forms" : "this forms") "
            + "the full \(m)×\(m) Hessian (\(m) hvps, \(megabytes) MB) and decomposes it, O(m³). Ctrl-C stops it; "
            + "spectrum(method=\"lanczos\"), sfn(krylov=k) and sfhf need only Hessian-vector products.\n")
    }

    /// Refuses k Lanczos vectors of m numbers each (spectrum's k=, sfn's krylov=) past the tensor
    /// limit: the basis is held whole, so k = 1e5 at m = 1e5 would allocate 80 GB and abort.
    static func checkLanczosBasis(_ args: Arguments, _ option: String, k: Int, dimension m: Int) throws {
        let vectors = min(k, m)
        try ValueLimits.check(Double(vectors) * Double(m), .tensor, "\(args.builtin.name): \(vectors) Lanczos vectors",
                              detail: " (\(option) = \(k), m = \(m))", at: args.location(of: option))
    }

    /// The progress handler of a run of `steps` steps: a line at the start and every tenth of
    /// the way (in epochs, at the end of every tenth of them), and past 2 s the live or plain
    /// line of ``ProgressLine``.
    static func progress(_ line: ProgressLine, steps: Int, perEpoch: Int? = nil) -> (ProgressEvent) -> Void {
        let every = perEpoch.map { $0 * max(1, steps / $0 / 10) } ?? max(1, steps / 10)
        return { e in
            if e.step % every == 0 { line.report(progressLine(e, perEpoch: perEpoch) + "\n") }
            line.update(e)
        }
    }

    /// `gd step    10  f = …  |g| = …`, or `sgd epoch     2  f = …` for a run in epochs.
    static func progressLine(_ e: ProgressEvent, perEpoch: Int? = nil) -> String {
        let count = perEpoch.map { "epoch \(pad(String(e.step / $0), 5))" } ?? "step \(pad(String(e.step), 5))"
        var s = "\(e.method) \(count)  f = \(sci(e.f))  |g| = \(sci(e.gnorm))"
        if !e.note.isEmpty { s += "  " + e.note }
        return s
    }

    static func summaryLine(_ r: MethodResult) -> String {
        "\(r.method): \(r.reason.rawValue) after \(r.steps) step\(r.steps == 1 ? "" : "s"): f = \(sci(r.f)), |g| = \(sci(r.gnorm)), "
            + "\(r.evals) evals, \(r.hvps) hvps, \(String(format: "%.3g", r.seconds)) s"
    }

    /// The optimiser record: the fields of ``MethodResult/fields`` this result has, then its
    /// method-specific counters; θ is reshaped to the objective's parameter shapes.
    static func record(_ r: MethodResult, shapedAs p: PreparedObjective) -> Record {
        Record(r.recordContents.map { name, content in
            switch content {
            case .number(let x): return (name, .number(x))
            case .bool(let b): return (name, .bool(b))
            case .string(let s): return (name, .string(s))
            case .vector(let v): return (name, .vector(v))
            case .point(let x): return (name, p.shaped(x))
            case .matrix(let rows, let columns, let scalars):
                return (name, .tensor(Tensor(shape: [rows, columns], scalars: scalars)))
            }
        })
    }

    /// The classify fields: kind, index, alpha, eigenvalues, gnorm, f, x.
    static func classificationFields(_ c: Classification, shapedAs p: PreparedObjective) -> [(String, Value)] {
        [("kind", .string(c.kind.rawValue)), ("index", .number(Double(c.index))), ("alpha", .number(c.alpha)),
         ("eigenvalues", .vector(c.eigenvalues)), ("gnorm", .number(c.gnorm)), ("f", .number(c.f)),
         ("x", p.shaped(c.x))]
    }

    static func describe(_ c: Classification) -> String {
        let n = c.eigenvalues.count
        var s = c.kind.rawValue
        if c.kind == .saddle { s += " of index \(c.index)" }
        s += " (\(c.index) negative of \(n) eigenvalues, alpha = \(ValueDisplay.number(c.alpha)))"
        s += ": f = \(sci(c.f)), |g| = \(sci(c.gnorm))"
        return s
    }

    static func sci(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : ValueDisplay.number(x) }
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
}
