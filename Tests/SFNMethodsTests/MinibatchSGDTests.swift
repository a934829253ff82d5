// Minibatch SGD in the engine: every row is used once per epoch, the last batch holds the rest,
// and the record's f and gnorm are on the whole dataset at the final x.
import Testing
@testable import SFNMethods
import SFNNumerics

/// f(θ) = mean over the selected rows r of ½(θ − r)²: the gradient is θ − mean(rows), so each
/// step shows which rows it saw.
private final class RowMeans: RowSelectableObjective {
    let rows: Int
    var selected: [Int]
    var seen: [[Int]] = []
    init(rows: Int) { self.rows = rows; selected = Array(0..<rows) }
    var dimension: Int { 1 }
    func select(rows taken: [Int]) { selected = taken; seen.append(taken) }
    func selectAll() { selected = Array(0..<rows) }
    func value(at x: [Double]) -> Double {
        selected.reduce(0) { $0 + 0.5 * (x[0] - Double($1)) * (x[0] - Double($1)) } / Double(selected.count)
    }
    func valueAndGradient(at x: [Double]) -> (value: Double, gradient: [Double]) {
        (value(at: x), [x[0] - selected.reduce(0) { $0 + Double($1) } / Double(selected.count)])
    }
    func hessianVectorProduct(at x: [Double], _ v: [Double]) -> [Double] { v }
}

@Suite struct MinibatchSGDTests {
    @Test func epochsCoverEveryRowAndTheRecordIsOnAllOfThem() {
        let data = RowMeans(rows: 10)
        let r = Methods.sgd(data, x0: [0], schedule: MinibatchSchedule(batch: 4, seed: 7), lr: 0.1,
                            options: RunOptions(steps: 6, tol: 0))
        // 10 rows in batches of 4: 4, 4, 2 per epoch, so six steps are two epochs.
        #expect(r.steps == 6)
        #expect(r.extra["batch"] == 4)
        #expect(r.extra["epochs"] == 2)
        // The first evaluation (at x0) draws a batch too: batches 1–3 are epoch one, 4–6 epoch two.
        let sizes = data.seen.map(\.count)
        #expect(Array(sizes.prefix(6)) == [4, 4, 2, 4, 4, 2])
        #expect(Set(data.seen[0...2].flatMap { $0 }) == Set(0..<10))
        #expect(Set(data.seen[3...5].flatMap { $0 }) == Set(0..<10))
        #expect(data.seen[0] != data.seen[3], "each epoch is shuffled afresh")
        // f and gnorm at the final x are on all rows (mean 4.5); history keeps the batch losses.
        let x = r.x[0]
        #expect(abs(r.f - data.value(at: [x])) < 1e-15)
        #expect(abs(r.gnorm - abs(x - 4.5)) < 1e-15)
        #expect(r.history.count == 7)
        // One evaluation per step, the start, and the final one on all rows.
        #expect(r.evals == 8)
    }

    @Test func aBatchOfAllRowsIsFullBatchDescent() {
        let a = Methods.sgd(RowMeans(rows: 5), x0: [0], schedule: MinibatchSchedule(batch: nil, seed: 0), lr: 0.5,
                            options: RunOptions(steps: 3, tol: 0))
        let b = Methods.gd(RowMeans(rows: 5), x0: [0], lr: 0.5, options: RunOptions(steps: 3, tol: 0))
        #expect(a.x == b.x && a.history == b.history)
        #expect(a.extra["batch"] == nil)
    }
}
