// LAPACK calls a caller can walk away from (Ctrl-C during a large eigendecomposition or solve).
import Foundation
import Synchronization
import Testing
@testable import SFNNumerics

@Suite struct AbandonableTests {
    /// A symmetric n×n matrix of seeded normals.
    static func symmetric(_ n: Int) -> Tensor {
        var rng = SplitMix64(seed: 7)
        var a = Tensor.zeros([n, n])
        for i in 0..<n { for j in 0...i { let v = rng.normal(); a[i, j] = v; a[j, i] = v } }
        return a
    }

    /// A flag that turns true `delay` seconds after the first time it is asked, and the time it did.
    final class Timer: @unchecked Sendable {
        let delay: Double
        var start: Date?
        var trippedAt: Date?
        init(_ delay: Double) { self.delay = delay }
        func isCancelled() -> Bool {
            let now = Date()
            if start == nil { start = now }
            if trippedAt == nil, now.timeIntervalSince(start!) >= delay { trippedAt = now }
            return trippedAt != nil
        }
        /// Seconds from the flag turning true until now.
        var latency: Double { Date().timeIntervalSince(trippedAt ?? Date()) }
    }

    /// dsyevd with vectors at n = 1500 takes over a second; abandoned 0.1 s in, the call returns
    /// nil within 0.1 s of the flag.
    @Test func abandonedEigendecomposition() throws {
        let a = Self.symmetric(1500)
        let timer = Timer(0.1)
        let started = Date()
        let e = try SymmetricEigen.cancellable(a, vectors: true, isCancelled: timer.isCancelled)
        #expect(e == nil)
        #expect(timer.latency < 0.1)
        #expect(Date().timeIntervalSince(started) < 0.5)
    }

    /// Not cancelled, the worker's answer is the plain call's, bit for bit.
    @Test func uncancelledMatchesThePlainCall() throws {
        let a = Self.symmetric(Abandonable.order + 20)
        let e = try #require(try SymmetricEigen.cancellable(a, vectors: true, isCancelled: { false }))
        let plain = try SymmetricEigen(a, vectors: true)
        #expect(e.values == plain.values && e.vectors == plain.vectors)
        let b = Tensor(shape: [a.rows, 1], scalars: (0..<a.rows).map(Double.init))
        #expect(try LinearSolve.solve(a, b, isCancelled: { false }) == (try LinearSolve.solve(a, b)))
        #expect(try LinearSolve.determinant(a, isCancelled: { false }) == (try LinearSolve.determinant(a)))
    }

    /// A worker's error reaches the caller (an asymmetric matrix is refused on the worker).
    @Test func workerErrorsArePassedOn() {
        var a = Self.symmetric(Abandonable.order)
        a[0, 1] += 1
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen.cancellable(a, isCancelled: { false }) }
    }

    /// A small problem runs on the calling thread and always finishes (milliseconds).
    @Test func smallProblemsFinish() throws {
        let a = Self.symmetric(10)
        #expect(try SymmetricEigen.cancellable(a, isCancelled: { true }) != nil)
        #expect(try LinearSolve.solve(a, [Double](repeating: 1, count: 10), isCancelled: { true }) != nil)
    }

    /// An LU solve of order 2500 (about a second) abandoned part way.
    @Test func abandonedSolve() throws {
        let a = Self.symmetric(2500)
        let timer = Timer(0.1)
        let x = try LinearSolve.solve(a, Tensor.identity(2500), isCancelled: timer.isCancelled)
        #expect(x == nil)
        #expect(timer.latency < 0.1)
    }

    /// Lanczos asks before each product and keeps the steps it took: a run of their own.
    @Test func lanczosStopsBetweenProducts() {
        let d = (1...50).map(Double.init)
        var products = 0
        let l = Lanczos(steps: 20, start: [Double](repeating: 1, count: 50), until: { products == 7 }) { v in
            products += 1
            return zip(d, v).map { $0 * $1 }
        }
        #expect(l.applications == 7 && l.alpha.count == 7 && l.beta.count == 6)
        let full = Lanczos(steps: 7, start: [Double](repeating: 1, count: 50)) { v in zip(d, v).map { $0 * $1 } }
        #expect(l.alpha == full.alpha && l.beta == full.beta)
    }
}
