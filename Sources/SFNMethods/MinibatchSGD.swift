// `sgd(f, x0, data=D, batch=b, epochs=e, seed=s)`: SGD whose every gradient is on the next
// minibatch of a dataset, shuffled each epoch, with the record's f and ∇f on all of it at the end.
import SFNNumerics

/// An objective over the rows of a dataset that can be restricted to some of them: what minibatch
/// SGD needs from whoever holds the data (the language compiles one tape per batch size).
public protocol RowSelectableObjective: AnyObject, Objective {
    /// The dataset's rows, n.
    var rows: Int { get }
    /// Later evaluations use these rows, in this order.
    func select(rows: [Int])
    /// Later evaluations use every row.
    func selectAll()
}

/// How SGD walks through the data.
public struct MinibatchSchedule: Sendable, Equatable {
    /// Rows per batch (at least 1, fewer than n), or nil for the whole dataset every step.
    public var batch: Int?
    /// The seed of the shuffle (SplitMix64, Fisher–Yates).
    public var seed: UInt64

    /// Batches of `batch` rows (nil: every row each step), shuffled by `seed`.
    public init(batch: Int?, seed: UInt64) { self.batch = batch; self.seed = seed }

    /// ⌈n / batch⌉ batches make an epoch (one for the whole dataset).
    public func batchesPerEpoch(rows n: Int) -> Int { batch.map { (n + $0 - 1) / $0 } ?? 1 }
}

/// The objective SGD sees: each (value, gradient) evaluation is on the next minibatch, the rows in
/// an order shuffled at the start of each epoch; the last batch of an epoch holds the remaining
/// rows when batch does not divide n, so no row is dropped. Value-only and Hessian-vector calls use
/// the current batch without advancing.
final class MinibatchObjective: Objective {
    let data: any RowSelectableObjective
    let batch: Int
    private var rng: SplitMix64
    private var order: [Int]
    private var position: Int
    /// Set for the final evaluation: every row, no advancing.
    var whole = false

    init(_ data: any RowSelectableObjective, batch: Int, seed: UInt64) {
        self.data = data; self.batch = batch
        rng = SplitMix64(seed: seed)
        order = Array(0..<data.rows)
        position = data.rows   // the first evaluation shuffles
    }

    var dimension: Int { data.dimension }

    private func advance() {
        let n = data.rows
        if position >= n {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
            position = 0
        }
        let end = min(position + batch, n)
        data.select(rows: Array(order[position..<end]))
        position = end
    }

    func value(at x: [Double]) -> Double { data.value(at: x) }

    func valueAndGradient(at x: [Double]) -> (value: Double, gradient: [Double]) {
        if !whole { advance() }
        return data.valueAndGradient(at: x)
    }

    func hessianVectorProduct(at x: [Double], _ v: [Double]) -> [Double] { data.hessianVectorProduct(at: x, v) }
}

/// SGD on minibatches: ``SGD``'s steps, then f and ∇f at the final x on the whole dataset (one
/// more evaluation), and the counters `batch` and `epochs` (passes made, possibly fractional).
struct MinibatchSGD: StepMethod {
    var sgd: SGD
    let objective: MinibatchObjective
    let batchesPerEpoch: Int
    private var steps = 0

    init(_ sgd: SGD, on objective: MinibatchObjective, batchesPerEpoch: Int) {
        self.sgd = sgd; self.objective = objective; self.batchesPerEpoch = batchesPerEpoch
    }

    var name: String { sgd.name }
    var extra: [String: Double] {
        ["batch": Double(objective.batch), "epochs": Double(steps) / Double(batchesPerEpoch)]
    }

    mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        let report = try sgd.step(from: current, in: context)
        steps += 1
        return report
    }

    mutating func finish(at last: Iterate, in context: StepContext) -> Iterate {
        objective.whole = true
        objective.data.selectAll()
        return (try? context.iterate(at: last.x)) ?? last
    }
}

extension Methods {
    /// `sgd` with `data=`: the gradient of each step on the next `schedule.batch` rows of the
    /// data (all rows when the batch is nil, which is full-batch SGD), in an order shuffled every
    /// epoch by `schedule.seed`. The record's history holds the minibatch losses; f and gnorm are
    /// on all of the data at the final x; `extra` adds `batch` and `epochs`.
    public static func sgd(_ data: any RowSelectableObjective, x0: [Double], schedule: MinibatchSchedule,
                           lr: Double = MethodDefaults.learningRate, momentum: Double = MethodDefaults.momentum,
                           clip: Double? = nil, options: RunOptions = RunOptions()) -> MethodResult {
        let sgd = SGD(learningRate: lr, momentum: momentum, clip: clip)
        guard let batch = schedule.batch, batch < data.rows else {
            data.selectAll()
            return Driver.run(sgd, on: data, from: x0, options: options)
        }
        let objective = MinibatchObjective(data, batch: batch, seed: schedule.seed)
        let method = MinibatchSGD(sgd, on: objective, batchesPerEpoch: schedule.batchesPerEpoch(rows: data.rows))
        return Driver.run(method, on: objective, from: x0, options: options)
    }
}
