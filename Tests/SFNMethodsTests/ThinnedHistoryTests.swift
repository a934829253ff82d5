// Issue 17, item 2: a run's history, cost histories and path stay bounded however long it runs,
// keeping the first and the last entry.
import Foundation
import Testing
import SFNMethods
import SFNNumerics

@Suite struct ThinnedHistoryTests {
    @Test func thinningKeepsTheFirstTheLastAndTheBound() {
        var h = ThinnedHistory<Int>(capacity: 8)
        for step in 0...1000 {
            h.append(step * 10, step: step)
            #expect(h.steps.count <= 8)
            #expect(h.steps.first == 0)
            #expect(h.steps.last == step)
            // Every entry but the last is on the grid of multiples of k, evenly spread.
            #expect(h.steps.dropLast().allSatisfy { $0 % h.stride == 0 })
            #expect(h.entries == h.steps.map { $0 * 10 })
        }
        #expect(h.stride == 256)
        #expect(h.steps == [0, 256, 512, 768, 1000])
    }

    @Test func aShortRunKeepsEveryStep() {
        let r = Methods.gd(Problems.quadratic(1, 1), x0: [1, 1], lr: 0.01, options: RunOptions(steps: 500, tol: 0))
        #expect(r.history.count == 501)
        #expect(r.historySteps == Array(0...500))
        #expect(r.path.count == 501 && r.historySeconds.count == 501 && r.historyEvals == Array(1...501))
    }

    /// The gd(f, [1, 1], lr=1e-9, steps=1e8, tol=0) kept 150 bytes a step and aborted at
    /// 6.5 GB. 30,000 steps against a capacity of 1,000 here (the default's 10,000 would need
    /// 300,000 steps, 10 s of a debug build, for the same thinning): the record holds at most the
    /// capacity of entries, from step 0 to the last, and each kept entry is the value at its step.
    @Test func aLongRunStaysBounded() {
        let steps = 30_000, cap = 1_000
        let r = Methods.gd(Problems.quadratic(1, 1), x0: [1, 1], lr: 1e-9,
                           options: RunOptions(steps: steps, tol: 0, historyCapacity: cap))
        #expect(r.steps == steps)
        for count in [r.history.count, r.historySteps.count, r.historySeconds.count, r.historyEvals.count,
                      r.historyHvps.count, r.path.count] {
            #expect(count <= cap && count > cap / 2)
        }
        #expect(r.historySteps.first == 0 && r.historySteps.last == steps)
        #expect(r.history.first == 2 && r.history.last == r.f)
        #expect(r.path.last == r.x)
        // gd on x² + y² with lr = 1e-9: f after k steps is 2(1 − 2e-9)^(2k); evals count one per step.
        for (i, k) in r.historySteps.enumerated() where i % 50 == 0 {
            #expect(abs(r.history[i] - 2 * pow(1 - 2e-9, 2 * Double(k))) < 1e-9)
            #expect(r.historyEvals[i] == k + 1)
        }
    }

    /// The path of a large problem keeps at most ``MethodDefaults/pathScalars`` numbers.
    @Test func aLargePathIsBoundedByItsSize() {
        // 24 steps of 500,000 parameters: a bound of 20 entries, so the path is thinned (a debug
        // build spends about 30 ns an element on the vector updates; 120 steps of 200,000 took 8 s).
        let m = 500_000
        let f = ClosureObjective(dimension: m, value: { x in 0.5 * Vec.dot(x, x) }, gradient: { x in x },
                                 hvp: { _, v in v })
        let r = Methods.gd(f, x0: [Double](repeating: 1, count: m), lr: 1e-6,
                           options: RunOptions(steps: 24, tol: 0, recordPath: true))
        #expect(r.path.count <= MethodDefaults.pathScalars / m)
        #expect(r.path.first?.allSatisfy { $0 == 1 } == true && r.path.last == r.x)
        #expect(MethodDefaults.pathScalars / m < 25)
        #expect(r.history.count == 25)
    }
}
