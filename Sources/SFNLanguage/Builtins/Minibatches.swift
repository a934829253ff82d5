// Minibatches for `sgd(f, x0, data=D, batch=b, epochs=e, seed=s)`: the engine's SGD takes its
// gradient from the objective, so the objective served to it here switches the tape's data inputs
// to the next minibatch at every gradient evaluation.
import SFNMethods
import SFNNumerics
import SFNTape
import SFNSyntax

extension Builtins {
    /// How `sgd` walks through the data: batch size, steps, seed. Nil batch: full batch.
    struct MinibatchPlan {
        /// Rows per batch (< n), or nil for the full dataset each step.
        var batch: Int?
        /// Batches per epoch: ⌈n / batch⌉ (1 for the full batch).
        var batchesPerEpoch: Int
        /// Steps to take when epochs= was given.
        var steps: Int?
        var seed: UInt64
        var rows: Int
    }

    /// Reads batch=, epochs=, seed= of `sgd` (with data=).
    static func minibatchPlan(_ args: Arguments) throws -> MinibatchPlan? {
        guard let data = args.value("data") else {
            if args.has("batch") || args.has("epochs") {
                throw args.error("batch= and epochs= need data=D: minibatches are drawn from a dataset", at: args.has("batch") ? "batch" : "epochs")
            }
            return nil
        }
        guard let n = datasetRows(data), n > 0 else {
            throw args.error("data= must be a dataset (load(...), digits()) or a tensor of rows, got \(data.kindDescription)", at: "data")
        }
        var batch = try args.optionalInt("batch", in: 1...Int.max)
        if let b = batch, b >= n { batch = nil }
        let perEpoch = batch.map { (n + $0 - 1) / $0 } ?? 1
        var steps: Int? = nil
        if let e = try args.optionalInt("epochs", in: 0...Int.max) {
            if args.has("steps") { throw args.error("give steps= or epochs=, not both", at: "epochs") }
            steps = e * perEpoch
        }
        return MinibatchPlan(batch: batch, batchesPerEpoch: perEpoch, steps: steps,
                             seed: UInt64(try args.int("seed", in: 0...Int.max)), rows: n)
    }

    /// Runs SGD with the plan: the full-batch objective when there are no minibatches, else a
    /// ``MinibatchObjective``. With minibatches, the record's f and gnorm are recomputed on the
    /// whole dataset at the final x (history holds the minibatch losses), and it gains the fields
    /// batch and epochs (passes over the data, possibly fractional).
    static func minibatchSGD(_ args: Arguments, _ p: PreparedObjective, _ options: RunOptions, _ plan: MinibatchPlan?,
                             lr: Double, momentum: Double, clip: Double?) throws -> MethodResult {
        var options = options
        if let steps = plan?.steps {
            options.steps = steps
            if options.progress != nil {
                let interpreter = args.context, every = max(1, steps / 10)
                options.progress = { e in
                    guard e.step % every == 0 else { return }
                    interpreter.write(progressLine(e) + "\n")
                }
            }
        }
        guard let plan, let batch = plan.batch, let data = args.value("data") else {
            return Methods.sgd(p.objective, x0: p.x0, lr: lr, momentum: momentum, clip: clip, options: options)
        }
        let f = try args.function("f")
        let objective = try MinibatchObjective(context: args.context, function: f, shapes: p.compiled.parameterShapes,
                                               data: data, rows: plan.rows, batch: batch, seed: plan.seed, at: args.location)
        var r = Methods.sgd(objective, x0: p.x0, lr: lr, momentum: momentum, clip: clip, options: options)
        if r.reason != .nonFinite {
            p.compiled.setData(data)
            let (value, gradient) = p.objective.valueAndGradient(at: r.x)
            r.f = value
            r.gnorm = Vec.norm(gradient)
            r.evals += 1
        }
        r.extra["batch"] = Double(batch)
        r.extra["epochs"] = Double(r.steps) / Double(plan.batchesPerEpoch)
        return r
    }
}

/// An objective whose every (value, gradient) evaluation is on the next minibatch: the rows of
/// the dataset in an order shuffled at the start of each epoch by SplitMix64(seed) (Fisher–Yates),
/// `batch` at a time; the last batch of an epoch holds the remaining rows when batch does not
/// divide n (a second tape is compiled for its shape, so no row is dropped). Value-only and
/// Hessian-vector calls use the current batch without advancing.
final class MinibatchObjective: Objective {
    let dimension: Int
    private let data: Value
    private let rows: Int
    private let batch: Int
    private var rng: SplitMix64
    private var order: [Int]
    private var position: Int
    /// Tapes by batch size.
    private var tapes: [Int: CompiledFunction] = [:]
    private var current: CompiledObjective

    init(context: CommandContext, function: Function, shapes: [[Int]], data: Value, rows: Int, batch: Int,
         seed: UInt64, at location: SourceLocation) throws {
        self.data = data; self.rows = rows; self.batch = batch
        rng = SplitMix64(seed: seed)
        order = Array(0..<rows)
        position = rows   // the first evaluation shuffles
        for size in Set([batch, rows % batch]) where size > 0 {
            let sample = Builtins.selectRows(data, Array(0..<size), of: rows)
            tapes[size] = try context.compile(function, shapes: shapes, data: sample, at: location)
        }
        guard let first = tapes[batch] else { preconditionFailure("no tape for the batch size") }
        current = first.objective
        dimension = first.dimension
    }

    private func advance() {
        if position >= rows {
            for i in stride(from: rows - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
            position = 0
        }
        let end = min(position + batch, rows)
        let taken = Array(order[position..<end])
        position = end
        guard let tape = tapes[taken.count] else { preconditionFailure("no tape for a batch of \(taken.count) rows") }
        tape.setData(Builtins.selectRows(data, taken, of: rows))
        current = tape.objective
    }

    func value(at x: [Double]) -> Double { current.value(at: x) }

    func valueAndGradient(at x: [Double]) -> (value: Double, gradient: [Double]) {
        advance()
        return current.valueAndGradient(at: x)
    }

    func hessianVectorProduct(at x: [Double], _ v: [Double]) -> [Double] { current.hessianVectorProduct(at: x, v) }
}
