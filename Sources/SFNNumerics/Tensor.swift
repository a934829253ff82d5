/// A dense, row-major array of doubles: a scalar (shape `[]`), a vector (`[n]`), a matrix
/// (`[rows, cols]`) or any higher rank.
///
/// `Tensor` is a value type; it is what crosses the boundary between the tape, the methods and the
/// language. Hot loops work on raw buffers, not on this type.
public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    /// The extent of each axis, outermost first.
    public var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Double]

    /// A tensor of the given shape; the element count must match.
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A scalar (rank 0).
    public init(_ value: Double) { self.init(shape: [], scalars: [value]) }

    /// A vector (rank 1).
    public init(_ vector: [Double]) { self.init(shape: [vector.count], scalars: vector) }

    /// A matrix from its rows, which must all have the same length.
    public init(rows: [[Double]]) {
        let cols = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == cols }, "ragged rows")
        self.init(shape: [rows.count, cols], scalars: rows.flatMap { $0 })
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: [Double](repeating: 0, count: shape.reduce(1, *)))
    }

    /// A tensor filled with one value.
    public static func filled(_ shape: [Int], with value: Double) -> Tensor {
        Tensor(shape: shape, scalars: [Double](repeating: value, count: shape.reduce(1, *)))
    }

    /// The n×n identity matrix.
    public static func identity(_ n: Int) -> Tensor {
        var t = Tensor.zeros([n, n])
        for i in 0..<n { t.scalars[i * n + i] = 1 }
        return t
    }

    /// The number of axes: 0 for a scalar, 1 for a vector, 2 for a matrix.
    public var rank: Int { shape.count }
    /// The number of elements (1 for a scalar).
    public var count: Int { scalars.count }
    /// Whether the tensor has rank 0 (a vector of one element is not a scalar).
    public var isScalar: Bool { shape.isEmpty }

    /// The only element of a one-element tensor.
    public var scalar: Double? { scalars.count == 1 ? scalars[0] : nil }

    /// Rows of a matrix (rank 2).
    public var rows: Int { shape.count == 2 ? shape[0] : 1 }
    /// Columns of a matrix (rank 2).
    public var columns: Int { shape.count == 2 ? shape[1] : shape.last ?? 1 }

    /// The element at a row and column of a matrix (0-based).
    public subscript(row: Int, column: Int) -> Double {
        get { scalars[row * shape[1] + column] }
        set { scalars[row * shape[1] + column] = newValue }
    }

    /// The same elements under another shape with the same count.
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, scalars: scalars) }

    /// The transpose of a matrix.
    public var transposed: Tensor {
        precondition(rank == 2, "transpose needs a matrix")
        let (r, c) = (shape[0], shape[1])
        var out = [Double](repeating: 0, count: count)
        for i in 0..<r { for j in 0..<c { out[j * r + i] = scalars[i * c + j] } }
        return Tensor(shape: [c, r], scalars: out)
    }

    /// Elementwise map.
    public func map(_ f: (Double) -> Double) -> Tensor { Tensor(shape: shape, scalars: scalars.map(f)) }

    /// Largest absolute difference to another tensor of the same shape.
    public func maxAbsDifference(_ other: Tensor) -> Double {
        precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
        var m = 0.0
        for i in 0..<count { m = Swift.max(m, Swift.abs(scalars[i] - other.scalars[i])) }
        return m
    }

    /// The elements in the language's bracket notation: `[1.0, 2.0; 3.0, 4.0]` for a matrix.
    public var description: String {
        switch rank {
        case 0: return "\(scalars[0])"
        case 1: return "[" + scalars.map { "\($0)" }.joined(separator: ", ") + "]"
        case 2:
            let c = shape[1]
            return "[" + (0..<shape[0]).map { i in
                scalars[i * c..<(i + 1) * c].map { "\($0)" }.joined(separator: ", ")
            }.joined(separator: "; ") + "]"
        default: return "Tensor(shape: \(shape), \(count) elements)"
        }
    }
}

/// Number of elements of a shape.
@inlinable public func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

/// Row-major strides of a shape.
public func strides(of shape: [Int]) -> [Int] {
    var s = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) { s[i] = acc; acc *= shape[i] }
    return s
}

/// How a shape reads in messages: `scalar`, `(3,)`, `(2, 3)`.
public func shapeText(_ s: [Int]) -> String {
    switch s.count {
    case 0: return "scalar"
    case 1: return "(\(s[0]),)"
    default: return "(" + s.map(String.init).joined(separator: ", ") + ")"
    }
}
