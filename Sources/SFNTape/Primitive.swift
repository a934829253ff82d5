// Nodes, graph errors and the Primitive protocol: one op's forward, tangent and adjoint rules.
import SFNNumerics

/// A node of a computation graph: an index into its `Graph`.
public struct Node: Hashable, Sendable, CustomStringConvertible {
    /// The node's position in its graph (creation order, a topological order).
    public let id: Int
    /// The node numbered `id` (of whichever graph it is used with).
    public init(id: Int) { self.id = id }
    /// `%id`, as graph dumps print it.
    public var description: String { "%\(id)" }
}

/// Errors raised while building a graph (shape mismatches and the like). The language layer adds
/// the source location.
public enum GraphError: Error, Equatable, CustomStringConvertible {
    /// The operands of `op` have these shapes, which do not fit together (by broadcasting or
    /// matrix product rules).
    case shapeMismatch(op: String, shapes: [[Int]])
    /// `op` cannot be applied as asked; `message` says why.
    case invalid(op: String, message: String)

    /// The message the language prints after the location, e.g.
    /// `+: shapes (2,) and (3,) do not match`.
    public var description: String {
        switch self {
        case .shapeMismatch(let op, let shapes):
            return "\(op): shapes " + shapes.map(shapeText).joined(separator: " and ") + " do not match"
        case .invalid(let op, let message): return "\(op): \(message)"
        }
    }
}


/// One primitive operation: its forward rule, its tangent rule (forward mode, for any number of
/// tangents at once) and its adjoint rule (reverse mode, written as graph operations so that
/// gradients are graphs too and can be differentiated again). All three live together.
///
/// Shapes are static: a primitive is created for the shapes of its arguments and may precompute
/// whatever its kernels need (index maps, matrix sizes). Kernels read and write raw buffers and
/// must not allocate.
public protocol Primitive: Hashable, Sendable {
    /// Name used in messages and graph dumps.
    var name: String { get }
    /// Whether the result depends differentiably on the arguments. Comparisons, `sign`, `step` and
    /// `stopGradient` do not: their tangents and adjoints are zero.
    var isDifferentiable: Bool { get }
    /// y = op(x…).
    func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>)
    /// ẏ_j = Σ_i ∂op/∂x_i · ẋ_{i,j} for the tangents j = 0..<k. `dx[i]` is nil where the argument's
    /// tangents are all zero. Tangent j of a node of n elements is at offset j·n of its buffer.
    /// `scratch` holds at least as many doubles as the largest node.
    func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                 _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>)
    /// The cotangents of the arguments given the cotangent `dy` of the result, as graph nodes; nil
    /// for an argument that receives none.
    func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?]
    /// For an application whose arguments and result are single elements, the same rule as a
    /// scalar function the tape runs inline (scalar toy objectives are all such nodes, and the
    /// general call costs more than the arithmetic). nil: always use the general kernels.
    var scalarKernel: ScalarKernel? { get }
}

/// The scalar form of a primitive, for the tape's inline fast path.
public enum ScalarKernel {
    /// The result is `F.value` of the single argument.
    case unary(any UnaryFunction.Type)
    /// The result is `F.value` of the two single-element arguments.
    case binary(any BinaryFunction.Type)
    /// The result is element `position` of argument 0 (indexing, reshaping, one-element reductions).
    case element(position: Int)
}

extension Primitive {
    /// Differentiable, the common case.
    public var isDifferentiable: Bool { true }
    /// No inline form: the tape calls the general kernels.
    public var scalarKernel: ScalarKernel? { nil }
}

/// The argument values of one instruction, with their sizes.
public struct Operands {
    @usableFromInline let base: UnsafeMutablePointer<Double>
    @usableFromInline let offsets: UnsafePointer<Int>
    @usableFromInline let counts: UnsafePointer<Int>
    /// The number of arguments.
    public let arity: Int

    /// The values of argument i, ``count(_:)`` doubles, row-major.
    @inlinable public subscript(i: Int) -> UnsafePointer<Double> { UnsafePointer(base + offsets[i]) }
    /// Element count of argument i.
    @inlinable public func count(_ i: Int) -> Int { counts[i] }
}

/// The argument tangents of one instruction; nil where they are zero.
public struct Tangents {
    @usableFromInline let base: UnsafeMutablePointer<Double>
    @usableFromInline let offsets: UnsafePointer<Int>
    @usableFromInline let zero: UnsafePointer<Bool>

    /// The k tangents of argument i, one after another (tangent j at offset j·n for an argument
    /// of n elements), or nil when they are all zero in this pass.
    @inlinable public subscript(i: Int) -> UnsafePointer<Double>? {
        zero[i] ? nil : UnsafePointer(base + offsets[i])
    }
}
