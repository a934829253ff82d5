// LANGUAGE.md §5's rule for θ: which shape each parameter of an objective gets from the starting
// point (and `shapes=`). A pure function, so the rule has tests of its own.
import SFNNumerics
import SFNSyntax

/// How θ is split among an objective's parameters.
enum ParameterShapes {
    /// Why a starting point does not fit, and which argument is to blame.
    enum Mismatch: Error, Equatable {
        /// The starting point does not fit the function (located at the start).
        case start(String)
        /// `shapes=` does not fit the function (located at `shapes=`).
        case shapes(String)
    }

    /// The shapes of the parameters, in θ order:
    ///
    /// - θ is the concatenation of the parameters flattened in order, `elements` numbers;
    /// - one parameter: it has the starting point's shape;
    /// - k parameters and elements == k: each is a number;
    /// - otherwise `given` (`shapes=[[2, 3], [3]]`, `[]` for a number) names each shape.
    ///
    /// `parameters` is the number of parameters θ feeds (with `data=`, the batch is not one).
    static func resolve(startShape: [Int], elements: Int, parameters k: Int, given: [[Int]]?,
                        function name: String) -> Result<[[Int]], Mismatch> {
        if let given {
            guard given.count == k else {
                return .failure(.shapes("shapes= gives \(given.count) shapes, \(name) takes \(Arguments.count(k, "parameter"))"))
            }
            // In doubles: extents written by the user must not overflow an Int.
            let total = given.reduce(0.0) { $0 + $1.reduce(1.0) { $0 * Double($1) } }
            guard total == Double(elements) else {
                return .failure(.start("starting point has \(elements) elements, \(name) takes \(ValueDisplay.number(total))"))
            }
            return .success(given)
        }
        if k == 1 { return .success([startShape]) }
        if elements == k { return .success(Array(repeating: [], count: k)) }
        return .failure(.start("starting point has \(elements) elements, \(name) takes \(k)"))
    }

    /// Reads `shapes=[[2, 3], [3]]`: a list, or a matrix when all shapes have one rank; a vector
    /// `[2, 3]` means two vectors of those lengths; `[]` is a number.
    static func parse(_ v: Value, at location: SourceLocation) throws -> [[Int]] {
        func extents(_ xs: [Double]) throws -> [Int] {
            try xs.map { x in
                guard x >= 0, x == x.rounded(), x < 1e9 else {
                    throw SFNError("shapes= must hold whole numbers ≥ 0, got \(ValueDisplay.number(x))", at: location)
                }
                return Int(x)
            }
        }
        switch v {
        case .tensor(let t) where t.rank == 1: return try t.scalars.map { try extents([$0]) }
        case .tensor(let t) where t.rank == 2:
            let c = t.shape[1]
            return try (0..<t.shape[0]).map { try extents(Array(t.scalars[$0 * c..<($0 + 1) * c])) }
        case .list(let items):
            return try items.map { item in
                switch item {
                case .number(let x): return try extents([x])
                case .tensor(let t) where t.rank == 1: return try extents(t.scalars)
                default: throw SFNError("shapes= must be a list of shapes such as [[2, 3], [3]], got \(item.kindDescription) in it", at: location)
                }
            }
        default:
            throw SFNError("shapes= must be a list of shapes such as [[2, 3], [3]], got \(v.kindDescription)", at: location)
        }
    }
}
