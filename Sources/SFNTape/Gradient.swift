// Reverse mode as graph construction: the gradient of a graph's output, itself a graph.
import SFNNumerics

extension Graph {
    /// Extends the graph with the reverse-mode gradient of the scalar `f` with respect to every
    /// parameter, and returns one node per parameter (in `parameters` order).
    ///
    /// Each primitive's adjoint rule adds graph nodes, so the gradient is itself a graph of
    /// primitives: compiled, it evaluates ∇f, and its tangents (forward mode over this reverse
    /// mode, Pearlmutter's R-operator) are Hessian-vector products.
    public func gradient(of f: Node) throws -> [Node] {
        guard count(f) == 1 else {
            throw GraphError.invalid(op: "gradient", message: "the objective must return a scalar, not \(shapeText(shape(f)))")
        }
        var cotangent: [Int: Node] = [f.id: try reshape(scalar(1), shape(f))]
        // Node ids are a topological order, and nodes added below get larger ids than f.
        for id in stride(from: f.id, through: 0, by: -1) {
            guard varies[id], let dy = cotangent[id], case .apply(let op, let args) = kinds[id] else { continue }
            let contributions = try op.adjoint(self, args, Node(id: id), dy)
            for (arg, c) in zip(args, contributions) where varies[arg.id] {
                guard let c else { continue }
                guard shape(c) == shape(arg) else {
                    throw GraphError.invalid(op: op.name, message: "adjoint of shape \(shapeText(shape(c))) for an argument of shape \(shapeText(shape(arg)))")
                }
                cotangent[arg.id] = try cotangent[arg.id].map { try add($0, c) } ?? c
            }
        }
        return parameters.map { p in cotangent[p.id] ?? constant(Tensor.zeros(shape(p))) }
    }
}
