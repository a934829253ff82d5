// Krylov-subspace saddle-free Newton (`sfn(…, krylov=k, inner=j)`).
import Foundation
import Testing
import SFNMethods
import SFNNumerics
import SFNTape

@Suite struct KrylovTests {
    /// A non-separable 3-D function with a saddle region: x² − y² + y⁴/4 + z² + xy/2 + yz/3 + sin(x + z)/10.
    static func threeD() throws -> CompiledObjective {
        try CompiledObjective(parameters: [[3]]) { g, p in
            let v = Var(g, p[0])
            let x = v[0], y = v[1], z = v[2]
            return (x * x - y * y + y.pow(4) / 4 + z * z + x * y / 2 + y * z / 3 + sin(x + z) / 10).node
        }
    }

    @Test(arguments: [Damping.auto, .fixed(1e-3), .undamped])
    func fullSubspaceReproducesExactSFN(damping: Damping) throws {
        let f = try Self.threeD()
        let x0 = [0.4, 0.05, -0.3]
        let exact = Methods.sfn(f, x0: x0, damping: damping, options: RunOptions(steps: 12))
        for k in [3, 5] {
            let krylov = Methods.sfn(f, x0: x0, damping: damping, krylov: k, options: RunOptions(steps: 12))
            #expect(krylov.steps == exact.steps)
            #expect(krylov.path.count == exact.path.count)
            for (a, b) in zip(krylov.path, exact.path) { #expect(close(a, b, 1e-10)) }
            #expect(abs(krylov.f - exact.f) < 1e-12)
            #expect(krylov.reason == exact.reason)
        }
        // The iterates did go somewhere: past the saddle region to the minimum with y < 0 or y > 0.
        #expect(exact.f < -0.9)
    }

    @Test func fullSubspaceOnTheQuarticSaddle() {
        let f = Problems.quarticSaddle()
        let exact = Methods.sfn(f, x0: [0.1, 0.1])
        let krylov = Methods.sfn(f, x0: [0.1, 0.1], krylov: 2)
        #expect(krylov.path.count == exact.path.count)
        for (a, b) in zip(krylov.path, exact.path) { #expect(close(a, b, 1e-10)) }
        #expect(krylov.reason == .converged)
    }

    @Test(arguments: [[0.0, 0.0], [0.5, 0.0], [0.1, 0.1], [-2.0, 1e-12]])
    func escapesTheSaddleOfTheQuarticSaddle(start: [Double]) throws {
        let f = Problems.quarticSaddle()
        let r = Methods.sfn(f, x0: start, krylov: 2)
        #expect(r.reason == .converged)
        #expect(abs(r.f + 1) < 1e-12)
        #expect(abs(abs(r.x[1]) - 2.0.squareRoot()) < 1e-8)
        #expect(try Methods.classify(f, at: r.x).kind == .minimum)
        if start == [0, 0] { #expect(r.extra["escapes"] == 1) }
        // Without escape the exact saddle counts as converged, as for exact sfn.
        if start == [0, 0] {
            let stuck = Methods.sfn(f, x0: start, krylov: 2, escape: false)
            #expect(stuck.converged && stuck.steps == 0)
        }
    }

    @Test func escapesInHigherDimensionWithASmallSubspace() {
        // 15 rotated quartic saddles (m = 30) from the exact saddle θ = 0; k = 6 < m.
        let f = ScalableProblems.rotatedQuarticSaddles(pairs: 15, seed: 11)
        let r = Methods.sfn(f, x0: [Double](repeating: 0, count: 30), krylov: 6, options: RunOptions(steps: 60))
        #expect((r.extra["escapes"] ?? 0) >= 1)
        #expect(r.f < -5)
        #expect(zip(r.history, r.history.dropFirst()).allSatisfy { $0 >= $1 - 1e-12 })
    }

    @Test func smallSubspaceBeatsGradientDescent() {
        // m = 30 and k = 8: the subspace never holds the whole space. From near the saddle at 0,
        // gd (at its best stable rate) grows the escape directions by 1.4× a step, SFN by ~2×.
        let f = ScalableProblems.rotatedQuarticSaddles(pairs: 15, seed: 7)
        var rng = SFNNumerics.SplitMix64(seed: 5)
        let x0 = rng.normals(30).map { 1e-3 * $0 }
        let options = RunOptions(steps: 20)
        let krylov = Methods.sfn(f, x0: x0, krylov: 8, inner: 2, options: options)
        let gd = Methods.gd(f, x0: x0, lr: 0.2, options: options)
        #expect(krylov.f < gd.f - 1)
        #expect(krylov.f < -14)              // the minima have f = −15
        #expect(krylov.history.last! < krylov.history.first!)
    }

    @Test func smallSubspaceTrainsAnMLP() throws {
        let (f, x0) = try ScalableProblems.mlp([4, 6, 3])      // m = 51
        let options = RunOptions(steps: 20)
        let krylov = Methods.sfn(f, x0: x0, krylov: 10, inner: 2, options: options)
        let gd = Methods.gd(f, x0: x0, lr: 0.5, options: options)
        #expect(krylov.f < 0.8 * krylov.history[0])
        #expect(krylov.f < gd.f)
        #expect(krylov.hvps == 10 * 10)      // 20 steps, a new subspace every 2
    }

    @Test func countsHvpsExactly() {
        let f = ScalableProblems.rotatedQuarticSaddles(pairs: 10, seed: 3)
        var rng = SFNNumerics.SplitMix64(seed: 1)
        let x0 = rng.normals(20)
        for (k, inner, steps) in [(5, 2, 6), (5, 1, 4), (7, 3, 7), (20, 1, 2), (40, 1, 2)] {
            let r = Methods.sfn(f, x0: x0, damping: .fixed(0.1), krylov: k, inner: inner,
                                options: RunOptions(steps: steps))
            #expect(r.steps == steps)
            let subspaces = (steps + inner - 1) / inner
            #expect(r.hvps == min(k, 20) * subspaces)
            #expect(r.extra["subspaces"] == Double(subspaces))
            #expect(r.evals == steps + 1)    // fixed damping: one evaluation per step
        }
    }

    @Test func cancellationStopsTheRun() {
        let stop = Cancellation()
        let f = ScalableProblems.rotatedQuarticSaddles(pairs: 5, seed: 2)
        let options = RunOptions(cancellation: stop, progress: { if $0.step == 2 { stop.cancel() } })
        let r = Methods.sfn(f, x0: [Double](repeating: 0.1, count: 10), krylov: 4, options: options)
        #expect(r.reason == .interrupted)
        #expect(r.steps == 2)

        // Cancelled from inside the Lanczos process: the partial step is discarded.
        let inner = Cancellation()
        var products = 0
        let base = ScalableProblems.rotatedQuarticSaddles(pairs: 5, seed: 2)
        let g = ClosureObjective(dimension: 10, value: base.value(at:), gradient: { base.valueAndGradient(at: $0).gradient },
                                 hvp: { x, v in
                                     products += 1
                                     if products == 3 { inner.cancel() }
                                     return base.hessianVectorProduct(at: x, v)
                                 })
        let x0 = [Double](repeating: 0.1, count: 10)
        let s = Methods.sfn(g, x0: x0, krylov: 6, options: RunOptions(cancellation: inner))
        #expect(s.reason == .interrupted)
        #expect(s.steps == 0)
        #expect(s.x == x0)
    }

    @Test func nonFiniteStopsTheRun() {
        // f = x² until x < 0.3, then NaN: the undamped step from x = 1 lands on 0.
        let f = ClosureObjective(dimension: 1, value: { x in x[0] < 0.3 ? .nan : x[0] * x[0] },
                                 gradient: { x in [2 * x[0]] },
                                 hessian: { _ in Tensor(rows: [[2]]) })
        let r = Methods.sfn(f, x0: [1], damping: .undamped, krylov: 1)
        #expect(r.reason == .nonFinite)
        #expect(r.x == [1] && r.steps == 0)
        // A NaN Hessian-vector product stops it too.
        let g = ClosureObjective(dimension: 2, value: { x in x[0] * x[0] + x[1] * x[1] },
                                 gradient: { x in [2 * x[0], 2 * x[1]] },
                                 hvp: { _, _ in [.nan, 0] })
        #expect(Methods.sfn(g, x0: [1, 1], krylov: 2).reason == .nonFinite)
    }
}
