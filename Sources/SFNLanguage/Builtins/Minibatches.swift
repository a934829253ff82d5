// Minibatches for `sgd(f, x0, data=D, batch=b, epochs=e, seed=s)`: reading the plan from the
// arguments, and the dataset objective the engine's minibatch SGD restricts to each batch.
import SFNMethods
import SFNNumerics
import SFNTape
import SFNSyntax

extension Builtins {
    /// How `sgd` walks through the data: the engine's schedule (batch size, seed), the steps that
    /// epochs= asks for, and the dataset's rows.
    struct MinibatchPlan {
        /// Rows per batch (nil, the full dataset each step, when batch= is absent or ≥ n) and seed.
        var schedule: MinibatchSchedule
        /// Steps to take when epochs= was given.
        var steps: Int?
        var rows: Int

        /// What the run counts: the steps of epochs=, and epochs when there are minibatches
        /// (full-batch steps are epochs already, and say "step" as gd's do).
        var count: Count {
            Count(steps: steps, perEpoch: schedule.batch == nil ? nil : schedule.batchesPerEpoch(rows: rows))
        }
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
        var batch = try args.optionalInt("batch")
        if let b = batch, b >= n { batch = nil }
        let schedule = MinibatchSchedule(batch: batch, seed: UInt64(try args.int("seed")))
        var steps: Int? = nil
        if let e = try args.optionalInt("epochs") {
            if args.has("steps") { throw args.error("give steps= or epochs=, not both", at: "epochs") }
            steps = e * schedule.batchesPerEpoch(rows: n)
        }
        return MinibatchPlan(schedule: schedule, steps: steps, rows: n)
    }

    /// Runs SGD with the plan (whose steps ``runOptimiser`` has put in `options`): the full-batch objective when there are no minibatches, else the
    /// engine's minibatch SGD over a ``DatasetObjective`` (the engine shuffles, advances, and
    /// evaluates f and ∇f on the whole dataset at the end).
    static func minibatchSGD(_ args: Arguments, _ p: PreparedObjective, _ options: RunOptions, _ plan: MinibatchPlan?,
                             lr: Double, momentum: Double, clip: Double?) throws -> MethodResult {
        guard let plan, let batch = plan.schedule.batch, let data = args.value("data") else {
            return Methods.sgd(p.objective, x0: p.x0, lr: lr, momentum: momentum, clip: clip, options: options)
        }
        let dataset = try DatasetObjective(context: args.context, function: try args.function("f"),
                                           shapes: p.compiled.parameterShapes, data: data, rows: plan.rows,
                                           batchSizes: [batch, plan.rows % batch], full: p.compiled, at: args.location)
        return Methods.sgd(dataset, x0: p.x0, schedule: plan.schedule,
                           lr: lr, momentum: momentum, clip: clip, options: options)
    }
}

/// A dataset objective whose rows can be restricted, for the engine's minibatch SGD: one tape per
/// batch size (a batch of r rows feeds the tape compiled for r rows), and the full-data tape for
/// every row.
final class DatasetObjective: RowSelectableObjective {
    let dimension: Int
    let rows: Int
    private let data: Value
    /// Tapes by batch size.
    private var tapes: [Int: CompiledFunction] = [:]
    private let full: CompiledFunction
    private var current: CompiledObjective

    init(context: CommandContext, function: Function, shapes: [[Int]], data: Value, rows: Int, batchSizes: [Int],
         full: CompiledFunction, at location: SourceLocation) throws {
        self.data = data; self.rows = rows; self.full = full
        for size in Set(batchSizes) where size > 0 && size < rows {
            let sample = Builtins.selectRows(data, Array(0..<size), of: rows)
            tapes[size] = try context.compile(function, shapes: shapes, data: sample, at: location)
        }
        current = full.objective
        dimension = full.dimension
    }

    func select(rows taken: [Int]) {
        guard let tape = tapes[taken.count] else { preconditionFailure("no tape for a batch of \(taken.count) rows") }
        tape.setData(Builtins.selectRows(data, taken, of: rows))
        current = tape.objective
    }

    func selectAll() {
        full.setData(data)
        current = full.objective
    }

    func value(at x: [Double]) -> Double { current.value(at: x) }
    func valueAndGradient(at x: [Double]) -> (value: Double, gradient: [Double]) { current.valueAndGradient(at: x) }
    func hessianVectorProduct(at x: [Double], _ v: [Double]) -> [Double] { current.hessianVectorProduct(at: x, v) }
}
