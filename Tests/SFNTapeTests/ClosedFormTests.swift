import Foundation
import Testing
import SFNNumerics
@testable import SFNTape

/// Derivatives against closed forms, and the tape's own promises (folding, sharing, skipping).
@Suite struct ClosedFormTests {
    @Test func quadraticFormHessianIsItsMatrix() throws {
        // f(x) = ½ xᵀAx + bᵀx has ∇f = Ax + b and H = A for symmetric A.
        let a = Tensor(rows: [[4, 1, 0], [1, -3, 2], [0, 2, 5]])
        let b = Tensor([1, -2, 0.5])
        let f = try CompiledObjective(parameters: [[3]]) { g, p in
            let ax = try g.matmul(g.constant(a), p[0])
            return try g.add(g.mul(g.scalar(0.5), g.matmul(p[0], ax)), g.matmul(g.constant(b), p[0]))
        }
        let x = [0.3, -1.1, 2.0]
        let (_, grad) = f.valueAndGradient(at: x)
        let expected = Vec.add(BLAS.matvec(a, x), b.scalars)
        #expect(relativeError(grad, expected) < 1e-14)
        #expect(f.hessian(at: x).maxAbsDifference(a) < 1e-14)
    }

    @Test func rosenbrockHessianClosedForm() throws {
        // f = 100(y − x²)² + (1 − x)²: H = [[1200x² − 400y + 2, −400x], [−400x, 200]].
        let f = try CompiledObjective(parameters: [[2]]) { g, p in
            let v = Var(g, p[0])
            let x = v[0], y = v[1]
            return (100 * (y - x * x).pow(2) + (1 - x).pow(2)).node
        }
        for (x, y) in [(-1.2, 1.0), (1.0, 1.0), (0.3, -0.7)] {
            let h = f.hessian(at: [x, y])
            let exact = Tensor(rows: [[1200 * x * x - 400 * y + 2, -400 * x], [-400 * x, 200]])
            #expect(h.maxAbsDifference(exact) < 1e-10)
            let (_, g) = f.valueAndGradient(at: [x, y])
            #expect(relativeError(g, [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)]) < 1e-14)
        }
    }

    @Test func toySaddleHessianAndGradient() throws {
        // f = x² − y² + y⁴/4: ∇f = (2x, −2y + y³), H = diag(2, −2 + 3y²).
        let f = try CompiledObjective(parameters: [[], []]) { g, p in
            let x = Var(g, p[0]), y = Var(g, p[1])
            // In steps: the one expression took the type checker 6 s.
            let quadratic: Var = x * x - y * y
            let quartic: Var = y.pow(4) / 4
            return (quadratic + quartic).node
        }
        #expect(f.dimension == 2)
        let (v, g) = f.valueAndGradient(at: [0.5, 2])
        let value: Double = 0.25 - 4 + 4, gradient: [Double] = [1, -4 + 8]  // typed: 4 s of type checking inside #expect
        #expect(v == value)
        #expect(g == gradient)
        #expect(f.hessian(at: [0.5, 2]) == Tensor(rows: [[2, 0], [0, 10]]))
        #expect(f.hessian(at: [0, 0]) == Tensor(rows: [[2, 0], [0, -2]]))
    }

    /// prod's derivatives are products of the other elements, never y/xᵢ (issue 16): through an
    /// exact zero the gradient was [nan, 0, 0] and the Hessian all nan, and where the whole
    /// product underflows while the others' does not the gradient was 0.
    @Test func prodDerivativesWithoutDivision() throws {
        let whole = try CompiledObjective(parameters: [[3]]) { g, p in try g.reduce(.prod, p[0]) }
        #expect(whole.valueAndGradient(at: [0, 3, 2]).gradient == [6, 0, 0])
        #expect(whole.hessian(at: [0, 3, 2]) == Tensor(rows: [[0, 2, 3], [2, 0, 0], [3, 0, 0]]))
        #expect(whole.valueAndGradient(at: [1e-200, 1e-200, 1e200]).gradient == [1, 1, 0])
        #expect(whole.hessianVectorProduct(at: [0, 0, 5], [1, 1, 1]) == [5, 5, 0])
        // Along an axis: Σⱼ (Πᵢ Aᵢⱼ)² over the columns of a 3×2 matrix with zeros in it.
        let columns = try CompiledObjective(parameters: [[3, 2]]) { g, p in
            let c = try g.reduce(.prod, p[0], axis: 0)
            return try g.sum(g.mul(c, c))
        }
        let a = [0.0, 2, 3, 0, 4, 5]  // columns (0, 3, 4) and (2, 0, 5): both products 0
        #expect(columns.valueAndGradient(at: a).gradient == [0, 0, 0, 0, 0, 0])
        // With cⱼ = 0, ∂²f/∂Aᵢⱼ∂Aₖⱼ = 2·(Π of column j without i)·(Π without k): only A₀₀ (3·4)
        // and A₁₁ (2·5) have non-zero partials.
        var exact = Tensor.zeros([6, 6])
        exact[0, 0] = 2 * 144; exact[3, 3] = 2 * 100
        #expect(columns.hessian(at: a) == exact)
    }

    @Test func stopGradientBlocksDerivative() throws {
        // d/dx [x · stop(x)] = stop(x) = x, half the true derivative 2x.
        let f = try CompiledObjective(parameters: [[3]]) { g, p in try g.sum(g.mul(p[0], g.stopGradient(p[0]))) }
        #expect(f.valueAndGradient(at: [1, 2, 3]).gradient == [1, 2, 3])
        #expect(f.hessian(at: [1, 2, 3]) == Tensor.zeros([3, 3]))
    }

    @Test func kinksUseSubgradientZero() throws {
        let f = try CompiledObjective(parameters: [[3]]) { g, p in
            try g.add(g.sum(g.unary(UnaryFunctions.Abs.self, p[0])), g.sum(g.unary(UnaryFunctions.Relu.self, p[0])))
        }
        #expect(f.valueAndGradient(at: [0, 0, 0]).gradient == [0, 0, 0])
        #expect(f.valueAndGradient(at: [-1, 0, 2]).gradient == [-1, 0, 2])
        let m = try CompiledObjective(parameters: [[], []]) { g, p in try g.maximum(p[0], p[1]) }
        #expect(m.valueAndGradient(at: [1, 1]).gradient == [0, 0])
        #expect(m.valueAndGradient(at: [2, 1]).gradient == [1, 0])
        let r = try CompiledObjective(parameters: [[3]]) { g, p in try g.reduce(.max, p[0]) }
        #expect(r.valueAndGradient(at: [1, 3, 3]).gradient == [0, 0, 0])
        #expect(r.valueAndGradient(at: [1, 3, 2]).gradient == [0, 1, 0])
    }

    @Test func comparisonsHaveZeroDerivativeAndSelectPicksBranch() throws {
        // if x > 0 then x² else −x: derivative 2x or −1 by branch.
        let f = try CompiledObjective(parameters: [[]]) { g, p in
            try g.select(g.compare(.gt, p[0], g.scalar(0)), g.mul(p[0], p[0]), g.neg(p[0]))
        }
        #expect(f.valueAndGradient(at: [3]).gradient == [6])
        #expect(f.valueAndGradient(at: [-3]).gradient == [-1])
        #expect(f.hessian(at: [3]) == Tensor(rows: [[2]]))
    }

    @Test func ieeeArithmeticPassesThrough() throws {
        let f = try CompiledObjective(parameters: [[]]) { g, p in g.unary(UnaryFunctions.Log.self, p[0]) }
        #expect(f.value(at: [-1]).isNaN)
        let d = try CompiledObjective(parameters: [[]]) { g, p in try g.div(g.scalar(1), p[0]) }
        #expect(d.value(at: [0]) == .infinity)
    }

    @Test func stableLogSumExpAndSoftmax() throws {
        let f = try CompiledObjective(parameters: [[3]]) { g, p in try g.logsumexp(p[0]) }
        #expect(abs(f.value(at: [1000, 1000, 1000]) - (1000 + log(3))) < 1e-9)
        let (_, g) = f.valueAndGradient(at: [1000, 1000, 1000])
        #expect(g.allSatisfy { abs($0 - 1.0 / 3) < 1e-12 })
    }

    @Test func graphFoldsConstantsAndSharesWork() throws {
        let g = Graph()
        let x = g.parameter(shape: [])
        let c = try g.add(g.scalar(2), g.scalar(3))
        #expect(g.constantValue(c) == Tensor(5))
        let a = g.unary(UnaryFunctions.Exp.self, x), b = g.unary(UnaryFunctions.Exp.self, x)
        #expect(a == b)
        #expect(try g.mul(x, g.scalar(1)) == x)
        #expect(try g.add(g.scalar(0), x) == x)
        #expect(g.neg(g.neg(x)) == x)
    }

    @Test func shapeErrorsNameBothShapes() {
        let g = Graph()
        let a = g.parameter(shape: [2, 3]), b = g.parameter(shape: [4])
        #expect(throws: GraphError.shapeMismatch(op: "+", shapes: [[2, 3], [4]])) { try g.add(a, b) }
        #expect(throws: GraphError.shapeMismatch(op: "@", shapes: [[2, 3], [4]])) { try g.matmul(a, b) }
        #expect(throws: GraphError.self) { try CompiledObjective(graph: g, value: a) }
        #expect("\(GraphError.shapeMismatch(op: "+", shapes: [[2, 3], [4]]))" == "+: shapes (2, 3) and (4,) do not match")
    }

    @Test func zeroTangentsAreSkippedButExact() throws {
        // Two-layer network: a tangent that perturbs only the second layer leaves the first
        // layer's tangents zero; the product must still equal the full one.
        var rng = SplitMix64(seed: 3)
        let xdata = Tensor(shape: [5, 3], scalars: rng.normals(15))
        let f = try CompiledObjective(parameters: [[3, 4], [4, 2]]) { g, p in
            let h = g.unary(UnaryFunctions.Tanh.self, try g.matmul(g.constant(xdata), p[0]))
            let z = try g.matmul(h, p[1])
            return try g.sum(g.mul(z, z))
        }
        let x = rng.normals(f.dimension)
        var v = [Double](repeating: 0, count: f.dimension)
        v[13] = 1
        let hv = f.hessianVectorProduct(at: x, v)
        let col = f.hessian(at: x).scalars.enumerated().filter { $0.offset % f.dimension == 13 }.map(\.element)
        #expect(relativeError(hv, col) < 1e-12)
        let e = derivativeErrors(f, at: x)
        #expect(e.grad < 1e-6 && e.hvp < 1e-6)
    }

    @Test func dataInputsChangeBetweenEvaluations() throws {
        let g = Graph()
        let w = g.parameter(shape: [2])
        let data = g.input(shape: [2])
        let f = try CompiledObjective(graph: g, value: try g.sum(g.mul(w, data)))
        f.setInput(0, Tensor([1, 2]))
        #expect(f.valueAndGradient(at: [3, 4]).gradient == [1, 2])
        f.setInput(0, Tensor([5, 7]))
        #expect(f.valueAndGradient(at: [3, 4]) == (value: 43, gradient: [5, 7]))
    }
}

@Suite struct FastMathTests {
    @Test func tanhAgreesWithLibm() {
        // Dense grid over the whole range plus the region near 0 where relative accuracy matters.
        var worst = 0.0
        var xs: [Double] = stride(from: -30.0, through: 30.0, by: 0.000731).map { $0 }
        xs += (1...2000).map { pow(10, -Double($0) / 100) }  // 1 down to 1e-20
        xs += [0, -0.0, 0.625, -0.625, 0.6249999999, 20, 1e-300]
        for x in xs {
            let (a, b) = (FastMath.tanh(x), Foundation.tanh(x))
            let err = b == 0 ? abs(a) : abs(a - b) / abs(b)
            worst = max(worst, err)
        }
        #expect(worst < 4e-16, "worst relative error \(worst)")
        #expect(FastMath.tanh(.nan).isNaN)
        #expect(FastMath.tanh(.infinity) == 1 && FastMath.tanh(-.infinity) == -1)
    }

    @Test func arrayKernelEqualsTheScalarTwinBitForBit() {
        // The C kernel (whichever CPU-specific copy the loader picked) must give exactly what
        // FastMath.tanh gives, so a value does not depend on the path that computed it. The grid
        // crosses both branches, the saturation at 20, and the special values.
        var xs: [Double] = stride(from: -25.0, through: 25.0, by: 0.00317).map { $0 }
        xs += (1...600).map { pow(10, -Double($0) / 20) } + (1...600).map { -pow(10, -Double($0) / 20) }
        xs += [0, -0.0, 0.625, -0.625, 0.6249999999999999, 20, -20, 19.999999999999996, 1e-300,
               .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
               .infinity, -.infinity, .nan]
        let g = Graph()
        let x = g.input(shape: [xs.count])
        let tape = Tape(g, outputs: [g.unary(UnaryFunctions.Tanh.self, x)])
        tape.setInput(0, Tensor(xs))
        tape.forward()
        let ys = tape.outputTensor(0).scalars
        #expect(ys.count == xs.count)
        var mismatches = 0
        for (x, y) in zip(xs, ys) where !(y.bitPattern == FastMath.tanh(x).bitPattern || (y.isNaN && x.isNaN)) {
            mismatches += 1
        }
        #expect(mismatches == 0)
    }
}

@Suite struct AxisErrorTests {
    @Test func outOfRangeAxesAreErrorsNotCrashes() {
        let g = Graph()
        let x = g.parameter(shape: [2, 3])
        #expect(throws: GraphError.self) { try g.softmax(x, axis: 5) }
        #expect(throws: GraphError.self) { try g.mean(x, axis: 2) }
        #expect(throws: GraphError.self) { try g.logsumexp(x, axis: 1_000_000_000_000) }
        #expect(throws: GraphError.self) { try g.sum(x, axis: 2) }
    }
}
