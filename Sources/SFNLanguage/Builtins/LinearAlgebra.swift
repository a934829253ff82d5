// Linear algebra, constructors and shape queries.
import SFNNumerics
import SFNTape
import SFNSyntax

extension Builtins {
    /// Tensors larger than this are refused by the constructors (an allocation failure would
    /// abort the process instead of reporting an error): ``ValueLimits/tensorElements``.
    static var maxElements: Int { ValueLimits.tensorElements }

    static var linearAlgebra: [Builtin] { [
        Builtin("eig", summary: "eigendecomposition of a symmetric matrix",
                help: "Returns a record: values (ascending) and vectors (matching eigenvectors as the columns).\nA is symmetrised as (A + A')/2; a clearly asymmetric matrix is an error.",
                parameters: [.required("A")]) { args in
            if case .number(let a) = try args.required("A") {
                return .record(Record([("values", .vector([a])), ("vectors", .tensor(Tensor(rows: [[1]])))]))
            }
            let a = try args.matrix("A")
            guard let e = try SymmetricEigen.cancellable(a, vectors: true, isCancelled: isCancelled(args)) else {
                throw interrupted(args)
            }
            return .record(Record([("values", .vector(e.values)),
                                   ("vectors", .tensor(e.vectors ?? Tensor.zeros([0, 0])))]))
        },
        Builtin("solve", summary: "the solution x of A x = b (LU with pivoting)",
                help: "b is a vector or a matrix of right-hand sides. A singular A is an error.",
                parameters: [.required("A"), .required("b")]) { args in
            let a = try args.matrix("A")
            let b = try args.tensor("b")
            guard a.shape[0] == a.shape[1] else { throw args.error("A must be square, got \(a.shape[0])×\(a.shape[1])", at: "A") }
            guard b.rank == 1 || b.rank == 2, b.shape[0] == a.shape[0] else {
                throw args.error("b must have \(a.shape[0]) rows to match A, got shape \(shapeText(b.shape))", at: "b")
            }
            guard let x = try LinearSolve.solve(a, b, isCancelled: isCancelled(args)) else { throw interrupted(args) }
            return .tensor(x)
        },
        Builtin("norm", summary: "Euclidean norm of a vector (Frobenius norm of a matrix)",
                parameters: [.required("x")]) { args in
            let x = try args.required("x")
            if case .number(let v) = x { return .number(abs(v)) }
            if case .tensor(let t) = x { return .number(Vec.norm(t.scalars)) }
            return try args.context.graphOperation([x], at: args.location(of: "x"), what: "norm") { g, n in
                g.unary(UnaryFunctions.Sqrt.self, try g.sum(try g.mul(n[0], n[0])))
            }
        },
        Builtin("dot", summary: "dot product of two vectors (matrix product otherwise, as NumPy)",
                parameters: [.required("a"), .required("b")]) { args in
            let a = try args.required("a"), b = try args.required("b")
            let interpreter = args.context
            if let sa = interpreter.shape(of: a), let sb = interpreter.shape(of: b), sa.count == 1, sb.count == 1, sa != sb {
                throw args.error("shapes \(shapeText(sa)) and \(shapeText(sb)) do not match")
            }
            try interpreter.checkResultSize(a, b, matrixProduct: true, at: args.location)
            return try interpreter.graphOperation([a, b], at: args.location, what: "dot") { g, n in try g.matmul(n[0], n[1]) }
        },
        Builtin("all", summary: "whether every element is true (nonzero)",
                parameters: [.required("c")]) { args in
            .bool(try truthValues(args).allSatisfy { $0 })
        },
        Builtin("any", summary: "whether some element is true (nonzero)",
                parameters: [.required("c")]) { args in
            .bool(try truthValues(args).contains(true))
        },
        Builtin("eye", summary: "the n×n identity matrix",
                parameters: [.required("n")]) { args in
            let n = try args.int("n", in: 0...Int.max)
            try checkSize([n, n], args)
            return .tensor(Tensor.identity(n))
        },
        constructor("zeros", "a vector (or matrix) of zeros") { shape, _ in Tensor.zeros(shape) },
        constructor("ones", "a vector (or matrix) of ones") { shape, _ in Tensor.filled(shape, with: 1) },
        constructor("randn", "standard normal samples", seeded: true) { shape, rng in
            Tensor(shape: shape, scalars: rng.normals(elementCount(shape)))
        },
        constructor("rand", "uniform samples on [0, 1)", seeded: true) { shape, rng in
            Tensor(shape: shape, scalars: rng.uniforms(elementCount(shape)))
        },
        Builtin("reshape", summary: "the elements of x (row-major) arranged in a new shape",
                help: "The new extents may also be given as one vector: reshape(x, [2, 3]).",
                parameters: [.required("x")], variadic: "n, m") { args in
            var dims: [Int] = []
            for (v, loc) in zip(args.rest, args.restLocations) {
                let xs: [Double]
                switch v {
                case .number(let x): xs = [x]
                case .tensor(let t) where t.rank == 1: xs = t.scalars
                default: throw SFNError("reshape: extents must be whole numbers, got \(v.kindDescription)", at: loc)
                }
                for x in xs {
                    guard x >= 0, x == x.rounded(), x < 1e12 else {
                        throw SFNError("reshape: extents must be whole numbers ≥ 0, got \(ValueDisplay.number(x))", at: loc)
                    }
                    dims.append(Int(x))
                }
            }
            let x = try args.required("x")
            if case .list = x { throw args.error("cannot reshape a list", at: "x") }
            if let s = args.context.shape(of: x), dims.reduce(1.0, { $0 * Double($1) }) != Double(elementCount(s)) {
                throw args.error("cannot reshape \(shapeText(s)) to \(shapeText(dims))")
            }
            return try args.context.graphOperation([x], at: args.location, what: "reshape") { g, n in try g.reshape(n[0], dims) }
        },
        Builtin("size", summary: "the extents of x as a vector, or the extent along one axis (1-based)",
                parameters: [.required("x"), .optional("axis")]) { args in
            let x = try args.required("x")
            var s: [Int]
            if case .list(let items) = x { s = [items.count] } else if let sh = args.context.shape(of: x) { s = sh } else {
                throw args.error("size of \(x.kindDescription) is not defined", at: "x")
            }
            if let axis = try args.optionalInt("axis", in: 1...Int.max) {
                return .number(Double(axis <= s.count ? s[axis - 1] : 1))
            }
            return .vector(s.map(Double.init))
        },
        Builtin("length", summary: "number of elements (of a tensor, list, string or record)",
                parameters: [.required("x")]) { args in
            let x = try args.required("x")
            switch x {
            case .list(let items): return .number(Double(items.count))
            case .string(let s): return .number(Double(s.count))
            case .record(let r): return .number(Double(r.names.count))
            default:
                guard let s = args.context.shape(of: x) else { throw args.error("length of \(x.kindDescription) is not defined", at: "x") }
                return .number(Double(elementCount(s)))
            }
        },
        Builtin("record", signature: "record(a=1, b=[1, 2], …)", summary: "a record with the given fields, in order",
                parameters: [], acceptsAnyName: true) { args in
            .record(Record(args.extraNamed.map { ($0.name, $0.value) }))
        },
    ] }

    /// zeros/ones/randn/rand: `(n)` a vector, `(n, m)` a matrix, optional `seed=`.
    static func constructor(_ name: String, _ summary: String, seeded: Bool = false,
                            _ make: @escaping ([Int], inout SplitMix64) -> Tensor) -> Builtin {
        Builtin(name,
                summary: summary + ": \(name)(n) is a vector, \(name)(n, m) an n×m matrix",
                help: seeded ? "Without seed=, numbers come from the interpreter's own generator, which starts from a fixed seed (scripts are reproducible)." : "",
                parameters: [.required("n"), .optional("m")] + (seeded ? [.named("seed", shown: "s", accepts: .whole(0...Int.max))] : [])) { args in
            var shape = [try args.int("n", in: 0...Int.max)]
            if let m = try args.optionalInt("m", in: 0...Int.max) { shape.append(m) }
            try checkSize(shape, args)
            if seeded, let seed = try args.optionalInt("seed") {
                var rng = SplitMix64(seed: UInt64(seed))
                return .tensor(make(shape, &rng))
            }
            return .tensor(args.context.withRandom { make(shape, &$0) })
        }
    }

    /// The one size rule for results that are not built by a constructor: `what` (e.g. "the
    /// selection") would have `count` elements; past `maxElements` the allocation could abort the
    /// process, so it is an error instead. `detail` is added after the count, e.g. the shapes.
    static func checkResultCount(_ count: Double, _ what: String, detail: String = "",
                                 at location: SourceLocation) throws {
        try ValueLimits.check(count, .tensor, what, detail: detail, at: location)
    }

    static func checkSize(_ shape: [Int], _ args: Arguments) throws {
        var total = 1.0
        for s in shape { total *= Double(s) }
        guard total <= Double(maxElements) else {
            throw args.error("\(ValueDisplay.number(total)) elements is more than the limit of 1e8")
        }
    }

    /// The truth of each element of a bool, number, tensor or list of those.
    static func truthValues(_ args: Arguments) throws -> [Bool] {
        func of(_ v: Value) throws -> [Bool] {
            switch v {
            case .bool(let b): return [b]
            case .number(let x): return [x != 0]
            case .tensor(let t): return t.scalars.map { $0 != 0 }
            case .list(let items): return try items.flatMap(of)
            default: throw args.error("expected bools or numbers, got \(v.kindDescription)", at: "c")
            }
        }
        return try of(try args.required("c"))
    }
}
