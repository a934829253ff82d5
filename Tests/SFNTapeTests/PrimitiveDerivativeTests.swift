import Foundation
import Testing
import SFNNumerics
@testable import SFNTape

/// Every primitive's gradient and Hessian-vector product against central finite differences, at
/// random points and shapes. Each case builds sum(w ⊙ op(…)) with fixed random weights w, so the
/// objective is a scalar that depends on every output element.
@Suite struct PrimitiveDerivativeTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let shapes: [[Int]]
        let domain: ClosedRange<Double>
        let build: @Sendable (Graph, [Node]) throws -> Node
        var description: String { name }
        init(_ name: String, _ shapes: [[Int]], domain: ClosedRange<Double> = -1.5...1.5,
             _ build: @escaping @Sendable (Graph, [Node]) throws -> Node) {
            self.name = name; self.shapes = shapes; self.domain = domain; self.build = build
        }
    }

    /// One case for every elementwise function in the table, so that a new one is tested by being
    /// added there. Functions that are nan at −1 (logarithms, sqrt) are sampled on [0.2, 3], tan
    /// away from its poles; a piecewise-constant function f (derivative zero) as x·f(x), whose
    /// slope is f(x) (no point is within a finite-difference step of a jump).
    static let unaryCases: [Case] = UnaryTable.all.map { f in
        let name = f.name
        let domain: ClosedRange<Double> = f.value(-1).isNaN ? 0.2...3 : (name == "tan" ? -1.2...1.2 : -1.5...1.5)
        if !f.init().isDifferentiable {
            return Case(name, [[3, 4]], domain: domain) { g, p in try g.mul(p[0], g.unary(f, p[0])) }
        }
        return Case(name, [[3, 4]], domain: domain) { g, p in g.unary(f, p[0]) }
    }

    /// One case for every function of two arguments in the table, both arguments varying, on
    /// [0.5, 2] (a positive base for a power, no origin for atan2). mod jumps where a/b is whole,
    /// so its cases below keep a/b away from that; `tableIsCovered` checks none is missing.
    static let binaryCases: [Case] = BinaryTable.all.filter { $0.name != "mod" }.map { f in
        Case("\(f.name) (table)", [[5], [5]], domain: 0.5...2) { g, p in try g.binary(f, p[0], p[1]) }
    }

    @Test func tableIsCovered() {
        let names = Set(Self.cases.map { $0.name.split(separator: " ").first.map(String.init) ?? $0.name })
        for f in BinaryTable.all { #expect(names.contains(f.name), "\(f.name) has no derivative case") }
        for f in UnaryTable.all { #expect(names.contains(f.name), "\(f.name) has no derivative case") }
    }

    static let cases: [Case] = unaryCases + binaryCases + [
        Case("neg", [[5]]) { g, p in g.neg(p[0]) },
        Case("add broadcast row", [[3, 4], [4]]) { g, p in try g.add(p[0], p[1]) },
        Case("sub broadcast column", [[3, 4], [3, 1]]) { g, p in try g.sub(p[0], p[1]) },
        Case("mul scalar", [[], [2, 3]]) { g, p in try g.mul(p[0], p[1]) },
        Case("mul same", [[6], [6]]) { g, p in try g.mul(p[0], p[1]) },
        Case("div", [[2, 3], [2, 3]], domain: 0.5...2) { g, p in try g.div(p[0], p[1]) },
        Case("pow variable exponent", [[4], [4]], domain: 0.5...2) { g, p in try g.pow(p[0], p[1]) },
        Case("pow constant exponent", [[4]]) { g, p in try g.pow(p[0], g.scalar(3)) },
        Case("pow square", [[4]]) { g, p in try g.pow(p[0], g.scalar(2)) },
        Case("maximum", [[7], [7]]) { g, p in try g.maximum(p[0], p[1]) },
        Case("minimum", [[7], []]) { g, p in try g.minimum(p[0], p[1]) },
        // mod away from its jumps: a/b stays in (2, 3) or (−3, −2), so ∂/∂b = −floor(a/b) ≠ 0.
        Case("mod", [[3, 4], [3, 4]], domain: 1...1.2) { g, p in
            try g.binary(BinaryFunctions.Mod.self, g.add(p[0], g.scalar(1.5)), p[1])
        },
        Case("mod negative dividend, scalar divisor", [[3, 4], []], domain: 1...1.2) { g, p in
            try g.binary(BinaryFunctions.Mod.self, g.neg(g.add(p[0], g.scalar(1.5))), p[1])
        },
        Case("mod negative divisor", [[5], [5]], domain: 1...1.2) { g, p in
            try g.binary(BinaryFunctions.Mod.self, g.add(p[0], g.scalar(1.5)), g.neg(p[1]))
        },
        Case("mod squared", [[6], [6]], domain: 1...1.2) { g, p in
            let r = try g.binary(BinaryFunctions.Mod.self, g.add(p[0], g.scalar(1.5)), p[1])
            return try g.mul(r, r)
        },
        // atan2 away from the origin and the branch cut (no coordinate within 0.1 of 0).
        Case("atan2", [[7], [7]]) { g, p in try g.binary(BinaryFunctions.Atan2.self, p[0], p[1]) },
        Case("atan2 broadcast x", [[2, 3], []]) { g, p in try g.binary(BinaryFunctions.Atan2.self, p[0], p[1]) },
        Case("atan2 broadcast y", [[], [2, 3]]) { g, p in try g.binary(BinaryFunctions.Atan2.self, p[0], p[1]) },
        Case("select by comparison", [[6], [6]]) { g, p in
            try g.select(g.compare(.gt, p[0], g.scalar(0)), g.mul(p[0], p[1]), g.unary(UnaryFunctions.Exp.self, p[1]))
        },
        Case("sum all", [[3, 4]]) { g, p in try g.mul(g.sum(p[0]), g.sum(p[0])) },
        Case("sum axis 0", [[3, 4]]) { g, p in try g.sum(p[0], axis: 0) },
        Case("sum axis 1", [[3, 4, 2]]) { g, p in try g.sum(p[0], axis: 1) },
        Case("mean", [[3, 4]]) { g, p in try g.mul(g.mean(p[0], axis: 1), g.mean(p[0], axis: 1)) },
        Case("prod", [[5]], domain: 0.5...1.5) { g, p in try g.reduce(.prod, p[0]) },
        Case("prod axis", [[3, 2]], domain: 0.5...1.5) { g, p in try g.reduce(.prod, p[0], axis: 1) },
        Case("max all", [[6]]) { g, p in try g.mul(g.reduce(.max, p[0]), g.reduce(.max, p[0])) },
        Case("min axis", [[3, 4]]) { g, p in try g.reduce(.min, p[0], axis: 0) },
        Case("logsumexp", [[3, 4]]) { g, p in try g.logsumexp(p[0], axis: 1) },
        Case("logsumexp all", [[5]]) { g, p in try g.logsumexp(p[0]) },
        Case("softmax", [[3, 4]]) { g, p in try g.softmax(p[0], axis: 1) },
        Case("matmul", [[3, 4], [4, 2]]) { g, p in try g.matmul(p[0], p[1]) },
        Case("matmul transA", [[4, 3], [4, 2]]) { g, p in try g.matrixProduct(p[0], p[1], transA: true) },
        Case("matmul transB", [[3, 4], [2, 4]]) { g, p in try g.matrixProduct(p[0], p[1], transB: true) },
        Case("matmul both", [[4, 3], [2, 4]]) { g, p in try g.matrixProduct(p[0], p[1], transA: true, transB: true) },
        Case("matrix @ vector", [[3, 4], [4]]) { g, p in try g.matmul(p[0], p[1]) },
        Case("vector @ matrix", [[3], [3, 2]]) { g, p in try g.matmul(p[0], p[1]) },
        Case("dot", [[5], [5]]) { g, p in try g.mul(g.matmul(p[0], p[1]), g.matmul(p[0], p[1])) },
        Case("quadratic form", [[4]]) { g, p in
            let a = g.constant(Tensor(rows: [[2, 1, 0, 0], [1, 3, 1, 0], [0, 1, 4, 1], [0, 0, 1, 5]]))
            return try g.matmul(p[0], g.matmul(a, p[0]))
        },
        Case("transpose", [[3, 4], [3, 4]]) { g, p in try g.matmul(g.transpose(p[0]), p[1]) },
        Case("reshape", [[6], [2, 3]]) { g, p in try g.mul(g.reshape(p[0], [2, 3]), p[1]) },
        Case("broadcast", [[3]]) { g, p in try g.mul(g.broadcast(p[0], to: [2, 3]), g.broadcast(p[0], to: [2, 3])) },
        Case("gather", [[5]]) { g, p in
            try g.mul(g.gather(p[0], index: [4, 0, 0, 2], shape: [2, 2]), g.gather(p[0], index: [1, 2, 3, 4], shape: [2, 2]))
        },
        Case("concat", [[2, 2], [2, 3]]) { g, p in
            let c = try g.concat([p[0], p[1]], axis: 1)
            return try g.mul(c, c)
        },
        // cumsum is linear: square it so that the Hessian-vector product has something to check.
        Case("cumsum", [[6]]) { g, p in let c = try g.cumsum(p[0]); return try g.mul(c, c) },
        Case("concat axis 0", [[1, 3], [2, 3]]) { g, p in
            let c = try g.concat([p[0], p[1]], axis: 0)
            return g.unary(UnaryFunctions.Tanh.self, c)
        },
    ]

    @Test(arguments: cases)
    func derivativesMatchFiniteDifferences(_ c: Case) throws {
        let f = try CompiledObjective(parameters: c.shapes) { g, p in
            let y = try c.build(g, p)
            var rng = SplitMix64(seed: 99)
            let w = g.constant(Tensor(shape: g.shape(y), scalars: rng.uniforms(g.count(y), in: 0.5...1.5)))
            return try g.sum(g.mul(w, y))
        }
        var rng = SplitMix64(seed: UInt64(c.name.utf8.count) &* 7919)
        var x = rng.uniforms(f.dimension, in: c.domain)
        // Stay away from kinks, where finite differences straddle two pieces.
        for i in 0..<x.count where abs(x[i]) < 0.1 { x[i] += 0.3 }
        let e = derivativeErrors(f, at: x)
        #expect(e.grad <= 1e-6, "gradient error \(e.grad)")
        #expect(e.hvp <= 1e-6, "Hessian-vector product error \(e.hvp)")
        #expect(e.batch <= 1e-12, "batched products differ from single ones by \(e.batch)")
        #expect(e.hessian <= 1e-10, "Hessian columns differ from products by \(e.hessian)")
    }
}
