// Larger test problems for the Krylov, SFHF and spectral tests, and exact references by
// eigendecomposition.
import Foundation
import SFNMethods
import SFNNumerics
import SFNTape

enum ScalableProblems {
    /// A random m×m orthogonal matrix (eigenvectors of a random symmetric matrix).
    static func orthogonal(_ m: Int, seed: UInt64) -> Tensor {
        var rng = SFNNumerics.SplitMix64(seed: seed)
        var a = Tensor.zeros([m, m])
        for i in 0..<m { for j in 0...i { let v = rng.normal(); a[i, j] = v; a[j, i] = v } }
        return (try? SymmetricEigen(a))?.vectors ?? Tensor.zeros([m, m])
    }

    /// f = ½ xᵀQx + bᵀx with Q = U diag(d) Uᵀ, U random orthogonal.
    static func quadratic(eigenvalues d: [Double], seed: UInt64) -> ClosureObjective {
        let m = d.count
        let u = orthogonal(m, seed: seed)
        var rng = SFNNumerics.SplitMix64(seed: seed &+ 1)
        let b = rng.normals(m)
        func q(_ v: [Double]) -> [Double] {
            let c = BLAS.matvec(u, v, transpose: true)
            return BLAS.matvec(u, (0..<m).map { d[$0] * c[$0] })
        }
        return ClosureObjective(dimension: m, value: { x in 0.5 * Vec.dot(x, q(x)) + Vec.dot(b, x) },
                                gradient: { x in Vec.add(q(x), b) }, hvp: { _, v in q(v) })
    }

    /// Σᵢ q(z₂ᵢ, z₂ᵢ₊₁) with q(x, y) = x² − y² + y⁴/4 and z = R θ for a random rotation R:
    /// 2ⁿ minima with f = −pairs, saddles everywhere between, and no separable structure in θ.
    static func rotatedQuarticSaddles(pairs: Int, seed: UInt64) -> ClosureObjective {
        let m = 2 * pairs
        let r = orthogonal(m, seed: seed)
        func z(_ x: [Double]) -> [Double] { BLAS.matvec(r, x) }
        return ClosureObjective(
            dimension: m,
            value: { x in
                let z = z(x)
                return (0..<pairs).reduce(0.0) { s, i in
                    let a = z[2 * i], b = z[2 * i + 1]
                    return s + a * a - b * b + b * b * b * b / 4
                }
            },
            gradient: { x in
                let z = z(x)
                var gz = [Double](repeating: 0, count: m)
                for i in 0..<pairs { gz[2 * i] = 2 * z[2 * i]; gz[2 * i + 1] = -2 * z[2 * i + 1] + pow(z[2 * i + 1], 3) }
                return BLAS.matvec(r, gz, transpose: true)
            },
            hvp: { x, v in
                let z = z(x), rv = BLAS.matvec(r, v)
                var out = [Double](repeating: 0, count: m)
                for i in 0..<pairs {
                    out[2 * i] = 2 * rv[2 * i]
                    out[2 * i + 1] = (-2 + 3 * z[2 * i + 1] * z[2 * i + 1]) * rv[2 * i + 1]
                }
                return BLAS.matvec(r, out, transpose: true)
            })
    }

    /// Extended Rosenbrock Σ 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)² on the tape, and a point where its
    /// Hessian is indefinite.
    static func rosenbrock(n: Int) throws -> (CompiledObjective, [Double]) {
        let f = try CompiledObjective(parameters: [[n]]) { g, p in
            let odd = Var(g, try g.gather(p[0], index: Array(stride(from: 0, to: n, by: 2)), shape: [n / 2]))
            let even = Var(g, try g.gather(p[0], index: Array(stride(from: 1, to: n, by: 2)), shape: [n / 2]))
            return (100 * (even - odd * odd).pow(2) + (1 - odd).pow(2)).sum().node
        }
        var x0: [Double] = []
        for i in 0..<n {
            let t = Double(i)
            x0.append(i % 2 == 0 ? -1.2 + 0.05 * t : 1 + 0.1 * sin(t))
        }
        return (f, x0)
    }

    /// A tanh MLP with softmax cross-entropy (mean over rows) on `rows` synthetic points of
    /// `sizes[0]` features and `sizes.last` classes, with θᵢ = 0.5·sin(i + 1) / √fan-in.
    static func mlp(_ sizes: [Int], rows: Int = 24) throws -> (CompiledObjective, [Double]) {
        let d = sizes[0], c = sizes[sizes.count - 1]
        var xs: [Double] = [], ys: [Double] = []
        for r in 0..<rows {
            for j in 0..<d { xs.append(sin(Double(r * d + j) * 0.7) + 0.3 * cos(Double(r + j))) }
            var onehot = [Double](repeating: 0, count: c)
            onehot[(r * 7 + 3) % c] = 1
            ys += onehot
        }
        return try mlp(sizes, x: Tensor(shape: [rows, d], scalars: xs), y: Tensor(shape: [rows, c], scalars: ys))
    }

    static func mlp(_ sizes: [Int], x: Tensor, y: Tensor, amplitude: Double = 0.5) throws -> (CompiledObjective, [Double]) {
        var shapes: [[Int]] = []
        for (a, b) in zip(sizes, sizes.dropFirst()) { shapes += [[a, b], [b]] }
        let f = try CompiledObjective(parameters: shapes) { g, p in
            var h = g.constant(x)
            for l in 0..<(sizes.count - 1) {
                let z = try g.add(g.matmul(h, p[2 * l]), p[2 * l + 1])
                h = l == sizes.count - 2 ? z : g.unary(UnaryFunctions.Tanh.self, z)
            }
            return try g.mean(g.sub(g.logsumexp(h, axis: 1), g.sum(g.mul(g.constant(y), h), axis: 1)))
        }
        var theta: [Double] = []
        for (a, b) in zip(sizes, sizes.dropFirst()) {
            for _ in 0..<(a * b + b) { theta.append(amplitude * sin(Double(theta.count + 1)) / Double(a).squareRoot()) }
        }
        return (f, theta)
    }
}

/// Exact quantities from the full Hessian's eigendecomposition.
struct ExactSaddleFree {
    let values: [Double]
    let vectors: Tensor
    let gradient: [Double]

    init(_ f: any Objective, at x: [Double]) throws {
        let eig = try SymmetricEigen(f.hessian(at: x))
        values = eig.values
        vectors = eig.vectors ?? Tensor.zeros([0, 0])
        gradient = f.valueAndGradient(at: x).gradient
    }

    /// V φ(Λ) Vᵀ g.
    func apply(_ phi: (Double) -> Double) -> [Double] {
        let c = BLAS.matvec(vectors, gradient, transpose: true)
        return BLAS.matvec(vectors, (0..<c.count).map { phi(values[$0]) * c[$0] })
    }

    /// |H| g.
    var absGradient: [Double] { apply { abs($0) } }

    /// −(H² + λI)⁻¹ |H| g, the SFHF direction computed exactly.
    func direction(damping lambda: Double) -> [Double] { apply { -abs($0) / ($0 * $0 + lambda) } }
}

func cosine(_ a: [Double], _ b: [Double]) -> Double { Vec.dot(a, b) / (Vec.norm(a) * Vec.norm(b)) }
func relativeError(_ a: [Double], reference b: [Double]) -> Double { Vec.norm(Vec.sub(a, b)) / Vec.norm(b) }
