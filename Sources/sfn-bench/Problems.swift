// The benchmark problems, defined exactly as bench/peers.py defines them for JAX and PyTorch.
import Foundation
import SFNNumerics
import SFNTape

/// The benchmark problems. Their definitions are shared with bench/peers.py (JAX, PyTorch), which
/// must build exactly the same functions, points and directions.
enum Problems {
    /// f(x, y) = x² − y² + y⁴/4 at (0.3, 0.7).
    static func toy() throws -> (CompiledObjective, [Double]) {
        let f = try CompiledObjective(parameters: [[2]]) { g, p in
            let v = Var(g, p[0])
            let x = v[0], y = v[1]
            return (x * x - y * y + y.pow(4) / 4).node
        }
        return (f, [0.3, 0.7])
    }

    /// Extended Rosenbrock, Σ 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)², n = 1000, at (−1.2, 1, −1.2, 1, …).
    static func rosenbrock(n: Int = 1000) throws -> (CompiledObjective, [Double]) {
        let f = try CompiledObjective(parameters: [[n]]) { g, p in
            let odd = Var(g, try g.gather(p[0], index: Array(stride(from: 0, to: n, by: 2)), shape: [n / 2]))
            let even = Var(g, try g.gather(p[0], index: Array(stride(from: 1, to: n, by: 2)), shape: [n / 2]))
            return (100 * (even - odd * odd).pow(2) + (1 - odd).pow(2)).sum().node
        }
        return (f, (0..<n).map { $0 % 2 == 0 ? -1.2 : 1 })
    }

    /// A tanh MLP with softmax cross-entropy (mean over rows) on the digits. Parameters W₁, b₁,
    /// W₂, b₂, …; θᵢ = 0.1·sin(i + 1), divided by √fan-in when `scaled`.
    static func mlp(_ sizes: [Int], data: (x: Tensor, y: Tensor), scaled: Bool) throws -> (CompiledObjective, [Double]) {
        var shapes: [[Int]] = []
        for (a, b) in zip(sizes, sizes.dropFirst()) { shapes += [[a, b], [b]] }
        let f = try CompiledObjective(parameters: shapes) { g, p in
            var h = g.constant(data.x)
            for l in 0..<(sizes.count - 1) {
                let z = try g.add(g.matmul(h, p[2 * l]), p[2 * l + 1])
                h = l == sizes.count - 2 ? z : g.unary(UnaryFunctions.Tanh.self, z)
            }
            return try crossEntropy(g, logits: h, onehot: g.constant(data.y))
        }
        var theta: [Double] = []
        for (l, (a, b)) in zip(sizes, sizes.dropFirst()).enumerated() {
            _ = l
            let scale = scaled ? 1 / Double(a).squareRoot() : 1
            for _ in 0..<(a * b + b) { theta.append(0.1 * sin(Double(theta.count + 1)) * scale) }
        }
        return (f, theta)
    }

    /// mean over rows of logsumexp(z) − Σ y·z.
    static func crossEntropy(_ g: Graph, logits z: Node, onehot y: Node) throws -> Node {
        try g.mean(g.sub(g.logsumexp(z, axis: 1), g.sum(g.mul(y, z), axis: 1)))
    }

    /// The direction vᵢ = cos(i + 1).
    static func direction(_ m: Int) -> [Double] { (0..<m).map { cos(Double($0 + 1)) } }

    /// The 1797 digits: pixels / 16 and one-hot labels.
    static func digits() throws -> (x: Tensor, y: Tensor) {
        let candidates = ["data/digits.csv", "../data/digits.csv", "../shared/data/digits.csv"]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw BenchError("digits.csv not found (run from the repository root)")
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var pixels: [Double] = [], labels: [Double] = []
        var rows = 0
        for line in text.split(separator: "\n").dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces))! }
            pixels += fields.dropLast().map { $0 / 16 }
            var onehot = [Double](repeating: 0, count: 10)
            onehot[Int(fields.last!)] = 1
            labels += onehot
            rows += 1
        }
        return (Tensor(shape: [rows, 64], scalars: pixels), Tensor(shape: [rows, 10], scalars: labels))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
