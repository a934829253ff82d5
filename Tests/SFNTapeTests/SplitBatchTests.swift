// Batches of Hessian-vector products split across threads (CompiledObjective.parts(forBatch:)),
// each part on its own copy of the gradient tape: the same numbers as one thread.
import Foundation
import Testing
import SFNNumerics
@testable import SFNTape

@Suite struct SplitBatchTests {
    /// The 3-5-2 tanh network of FusionTests with softmax cross-entropy (m = 32) on 8000 rows,
    /// so that two tangents are past the split's threshold.
    static func objective(split: Bool) throws -> (CompiledObjective, [Double]) {
        let (f, theta) = try FusionTests.network([3, 5, 2], rows: 8000, act: UnaryFunctions.Tanh.self, loss: "ce", fuse: true)
        f.splitThreads = split ? 2 : 1
        return (f, theta)
    }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-13 * max(1, abs($0)) }
    }

    /// A Hessian built from passes of 6 directions, 3 per thread (the last pass 2, one each),
    /// equals the one-thread Hessian, at two points in turn: the copies follow the point.
    @Test func splitHessianEqualsOneThread() throws {
        let (one, theta) = try Self.objective(split: false)
        let (two, _) = try Self.objective(split: true)
        let perThread = 3
        two.hessianBudget = perThread * two.gradientTape.tangentTotal
        #expect(two.hessianBatch == perThread)
        #expect(two.parts(forBatch: 6) == 2 && one.parts(forBatch: 6) == 1)
        for point in [theta, theta.map { 0.5 - $0 }] {
            #expect(Self.close(one.hessian(at: point).scalars, two.hessian(at: point).scalars))
        }
        #expect(two.helpers.count == 1 && one.helpers.isEmpty)   // the split did run
    }

    /// New data at the same θ: the copies take the new values (an objective of a data input).
    @Test func copiesFollowNewInputs() throws {
        func objective() throws -> CompiledObjective {
            let g = Graph()
            let w = g.parameter(shape: [3, 4])
            let x = g.input(shape: [8000, 3])
            let t = g.unary(UnaryFunctions.Tanh.self, try g.matmul(x, w))
            return try CompiledObjective(graph: g, value: try g.sum(g.mul(t, t)))
        }
        func data(_ phase: Double) -> Tensor {
            Tensor(shape: [8000, 3], scalars: (0..<24000).map { Foundation.sin(Double($0) * 0.37 + phase) })
        }
        let (one, two) = (try objective(), try objective())
        one.splitThreads = 1
        two.splitThreads = 2
        #expect(two.parts(forBatch: 12) == 2)   // the Hessian's one pass of 12 directions is split
        let theta = (0..<12).map { 0.2 * Foundation.cos(Double($0)) }
        two.setInput(0, data(0))
        _ = two.hessian(at: theta)
        #expect(two.helpers.count == 1)
        for o in [one, two] { o.setInput(0, data(1)) }
        #expect(Self.close(one.hessian(at: theta).scalars, two.hessian(at: theta).scalars))
    }

    /// Three directions on two threads (one and two of them) give each its own product.
    @Test func unevenPartsGiveEveryProduct() throws {
        let (one, theta) = try Self.objective(split: false)
        let (two, _) = try Self.objective(split: true)
        let vs: [[Double]] = (0..<3).map { (j: Int) -> [Double] in (0..<one.dimension).map { (i: Int) -> Double in Foundation.cos(Double(i * (j + 2))) } }
        let split = two.hessianVectorProducts(at: theta, vs)
        for (v, hv) in zip(vs, split) { #expect(Self.close(one.hessianVectorProduct(at: theta, v), hv)) }
    }

    /// Single products and small tapes stay on the calling thread.
    @Test func smallBatchesStayOnOneThread() throws {
        let (small, _) = try FusionTests.network([3, 5, 2], rows: 7, act: UnaryFunctions.Tanh.self, loss: "ce", fuse: true)
        small.splitThreads = 2
        #expect(small.parts(forBatch: small.dimension) == 1)   // 32 tangents of 7 rows: far below 2^18 doubles
        let (large, _) = try Self.objective(split: true)
        #expect(2 * large.gradientTape.tangentTotal >= CompiledObjective.splitDoubles)
        #expect(large.parts(forBatch: 1) == 1)
        #expect(large.parts(forBatch: 2) == 2 && large.parts(forBatch: 5) == 2)
        large.splitThreads = 1
        #expect(large.parts(forBatch: 5) == 1)
    }
}
