// Fused elementwise groups (Fusion.swift) against the unfused passes: the same bits.
import Foundation
import Testing
import SFNNumerics
@testable import SFNTape

@Suite struct FusionTests {
    /// A small MLP objective: layers `sizes`, activation `act`, softmax cross-entropy or a
    /// squared error with a few extra elementwise steps (pow, division by a scalar, a broadcast
    /// column) on `rows` data rows.
    static func network(_ sizes: [Int], rows: Int, act: any UnaryFunction.Type, loss: String,
                        fuse: Bool) throws -> (CompiledObjective, [Double]) {
        var shapes: [[Int]] = []
        for (a, b) in zip(sizes, sizes.dropFirst()) { shapes += [[a, b], [b]] }
        let x = Tensor(shape: [rows, sizes[0]], scalars: (0..<(rows * sizes[0])).map { Foundation.sin(Double($0) * 0.7) })
        let labels = Tensor(shape: [rows, sizes.last!], scalars: (0..<(rows * sizes.last!)).map { $0 % sizes.last! == ($0 / sizes.last!) % sizes.last! ? 1 : 0 })
        let f = try CompiledObjective(parameters: shapes, fuse: fuse) { g, p in
            var h = g.constant(x)
            for l in 0..<(sizes.count - 1) {
                let z = try g.add(g.matmul(h, p[2 * l]), p[2 * l + 1])
                h = l == sizes.count - 2 ? z : g.unary(act, z)
            }
            let y = g.constant(labels)
            if loss == "ce" {
                return try g.mean(g.sub(g.logsumexp(h, axis: 1), g.sum(g.mul(y, h), axis: 1)))
            }
            // (h − y)² / 2 + 0.1·(h − rowmean)^3, divided by a scalar parameter-free constant.
            let d = try g.sub(h, y)
            let rowMean = try g.reshape(g.mean(h, axis: 1), [rows, 1])
            let centred = try g.sub(h, rowMean)  // a per-row value spread along the columns
            let e = try g.add(g.div(g.mul(d, d), g.scalar(2)), g.mul(g.scalar(0.1), g.pow(centred, g.scalar(3))))
            return try g.sum(e)
        }
        let theta = (0..<f.dimension).map { 0.3 * Foundation.sin(Double($0 + 1)) }
        return (f, theta)
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    static let cases: [([Int], Int, String, String)] = [
        ([4, 3, 2], 5, "tanh", "ce"),
        ([6, 33, 10], 37, "tanh", "ce"),       // blocks of 31 rows: a partial last block
        ([5, 7, 7, 3], 300, "sigmoid", "mse"),
        ([3, 1200, 2], 2, "softplus", "ce"),    // rows wider than a block
        ([4, 9, 4], 11, "relu", "mse"),
    ]

    @Test(arguments: cases) func fusedEqualsUnfused(_ sizes: [Int], _ rows: Int, _ act: String, _ loss: String) throws {
        let fn = UnaryTable.functions[act]!
        let (fused, theta) = try Self.network(sizes, rows: rows, act: fn, loss: loss, fuse: true)
        let (plain, _) = try Self.network(sizes, rows: rows, act: fn, loss: loss, fuse: false)
        // The fused tapes do have groups, and the unfused ones none.
        #expect(fused.debugDescription.contains("fused g0"), "\(fused.debugDescription)")
        #expect(!plain.debugDescription.contains("fused"))
        #expect(fused.value(at: theta).bitPattern == plain.value(at: theta).bitPattern)
        let (fv, fg) = fused.valueAndGradient(at: theta)
        let (pv, pg) = plain.valueAndGradient(at: theta)
        #expect(fv.bitPattern == pv.bitPattern)
        #expect(Self.same(fg, pg))
        #expect(fg.contains { $0 != 0 })
        // One direction, a batch of three, and unit vectors (whose tangents vanish in early layers).
        let m = fused.dimension
        let v = (0..<m).map { Foundation.cos(Double($0 + 1)) }
        #expect(Self.same(fused.hessianVectorProduct(at: theta, v), plain.hessianVectorProduct(at: theta, v)))
        let batch = (0..<3).map { j in (0..<m).map { Foundation.sin(Double(j * m + $0) * 1.3) } }
        let fb = fused.hessianVectorProducts(at: theta, batch), pb = plain.hessianVectorProducts(at: theta, batch)
        for j in 0..<3 { #expect(Self.same(fb[j], pb[j]), "tangent \(j)") }
        let lastUnit = (0..<m).map { $0 == m - 1 ? 1.0 : 0 }
        #expect(Self.same(fused.hessianVectorProduct(at: theta, lastUnit), plain.hessianVectorProduct(at: theta, lastUnit)))
        if m <= 200 {
            #expect(Self.same(fused.hessian(at: theta).scalars, plain.hessian(at: theta).scalars))
        }
    }

    /// The fused HVP agrees with central differences of the gradient (so a shared mistake in
    /// both kernels, which the comparison above cannot see, would still fail).
    /// A group of 2^18 elements or more runs its rows in two halves on two threads; the halves
    /// split at a block boundary, so the bits are those of one thread.
    @Test func twoThreadsGiveTheBitsOfOne() throws {
        var results: [[[Double]]] = []
        for threads in [1, 2] {
            let (f, theta) = try Self.network([8, 700, 3], rows: 400, act: UnaryFunctions.Tanh.self, loss: "sq", fuse: true)
            f.valueTape.groupThreads = threads
            f.gradientTape.groupThreads = threads
            let (value, gradient) = f.valueAndGradient(at: theta)
            let v = (0..<f.dimension).map { Foundation.cos(Double($0)) }
            results.append([[value], gradient, f.hessianVectorProduct(at: theta, v)])
        }
        #expect(zip(results[0], results[1]).allSatisfy { Self.same($0, $1) })
    }

    @Test func fusedHVPMatchesFiniteDifferences() throws {
        let (f, theta) = try Self.network([4, 6, 3], rows: 9, act: UnaryFunctions.Tanh.self, loss: "mse", fuse: true)
        let v = (0..<f.dimension).map { Foundation.cos(Double($0 + 1)) }
        let hv = f.hessianVectorProduct(at: theta, v)
        let h = 1e-5
        let gp = f.valueAndGradient(at: zip(theta, v).map { $0 + h * $1 }).gradient
        let gm = f.valueAndGradient(at: zip(theta, v).map { $0 - h * $1 }).gradient
        for i in 0..<f.dimension {
            let fd = (gp[i] - gm[i]) / (2 * h)
            #expect(abs(fd - hv[i]) <= 1e-5 * max(1, abs(fd)), "component \(i): \(hv[i]) vs \(fd)")
        }
    }

    /// A broadcast also read outside its chain is materialised (not absorbed), and still right.
    @Test func broadcastReadOutsideItsGroupIsWritten() throws {
        func build(_ fuse: Bool) throws -> CompiledObjective {
            try CompiledObjective(parameters: [[3], [4, 3]], fuse: fuse) { g, p in
                let b = try g.broadcast(p[0], to: [4, 3])
                let t = g.unary(UnaryFunctions.Tanh.self, try g.add(p[1], b))
                let s = try g.sum(g.matmul(g.transpose(b), t))  // reads b outside the elementwise run
                return try g.add(s, g.sum(g.mul(t, t)))
            }
        }
        let (a, b) = (try build(true), try build(false))
        let theta = (0..<15).map { 0.2 * Foundation.sin(Double($0)) }
        #expect(Self.same(a.valueAndGradient(at: theta).gradient, b.valueAndGradient(at: theta).gradient))
        let v = (0..<15).map { Foundation.cos(Double($0)) }
        #expect(Self.same(a.hessianVectorProduct(at: theta, v), b.hessianVectorProduct(at: theta, v)))
    }

    /// A parameter broadcast against a computed matrix, then a nonlinearity: the broadcast comes
    /// after the group's first member with tangents. Its own tangent rule used to run after the
    /// group and overwrite a later member's tangents in a shared buffer (issue 16): for
    /// f(A, b) = Σ exp(2A + b), H[b₁, b₁] came out 2 instead of e^0.3 + e^0.9 and H[A₁₁, A₁₁] 0
    /// instead of 4e^0.3, while the gradient was right. Checked against the closed form, the
    /// unfused tape, and every operand order of the sum.
    @Test(arguments: [false, true]) func broadcastAfterTheFirstVaryingMember(_ swapped: Bool) throws {
        func build(_ fuse: Bool) throws -> CompiledObjective {
            try CompiledObjective(parameters: [[2, 3], [3]], fuse: fuse) { g, p in
                let u = try g.mul(g.scalar(2), p[0])
                let b = try g.broadcast(p[1], to: [2, 3])
                return try g.sum(g.unary(UnaryFunctions.Exp.self, swapped ? g.add(b, u) : g.add(u, b)))
            }
        }
        let (fused, plain) = (try build(true), try build(false))
        #expect(fused.debugDescription.contains("fused g0"), "\(fused.debugDescription)")
        let a = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], b = [0.1, 0.2, 0.3]
        let theta = a + b
        // H of Σ exp(2Aᵢⱼ + bⱼ): ∂²/∂Aᵢⱼ² = 4e, ∂²/∂Aᵢⱼ∂bⱼ = 2e, ∂²/∂bⱼ² = Σᵢ e, with e = exp(2Aᵢⱼ + bⱼ).
        var exact = Tensor.zeros([9, 9])
        for i in 0..<2 {
            for j in 0..<3 {
                let e = Foundation.exp(2 * a[3 * i + j] + b[j]), (r, c) = (3 * i + j, 6 + j)
                exact[r, r] = 4 * e; exact[r, c] = 2 * e; exact[c, r] = 2 * e; exact[c, c] += e
            }
        }
        let h = fused.hessian(at: theta)
        #expect(h.maxAbsDifference(exact) < 1e-13, "\(h)")
        #expect(Self.same(h.scalars, plain.hessian(at: theta).scalars))
        for v in [(0..<9).map { Foundation.cos(Double($0)) }, (0..<9).map { $0 == 7 ? 1.0 : 0 }] {
            #expect(Self.same(fused.hessianVectorProduct(at: theta, v), plain.hessianVectorProduct(at: theta, v)))
        }
    }
}
