// Array utilities the contract does not name but numerical users reach for (Julia and NumPy
// spellings): constructors, matrix functions, orderings, concatenation, tests and string().
// Those built from graph operations (diag, trace, cumsum, vcat, hcat, isnan, isfinite) also work
// inside objectives; the rest need concrete values and say so.
import SFNNumerics
import SFNTape
import SFNSyntax

extension Builtins {
    static var arrays: [Builtin] { [
        Builtin("linspace", summary: "n evenly spaced numbers from a to b, both ends included (NumPy's linspace)",
                parameters: [.required("a"), .required("b"), .optional("n", .number(50))]) { args in
            let a = try args.number("a"), b = try args.number("b")
            let n = try args.int("n", in: 0...maxElements)
            guard n > 1 else { return .vector(n == 1 ? [a] : []) }
            let step = (b - a) / Double(n - 1)
            var xs = (0..<n).map { a + Double($0) * step }
            xs[n - 1] = b  // exactly b, whatever the rounding of the step
            return .vector(xs)
        },
        Builtin("fill", summary: "a vector (fill(v, n)) or n×m matrix with every element v (Julia's fill)",
                parameters: [.required("v"), .required("n"), .optional("m")]) { args in
            let v = try args.number("v")
            var shape = [try args.int("n", in: 0...Int.max)]
            if let m = try args.optionalInt("m", in: 0...Int.max) { shape.append(m) }
            try checkSize(shape, args)
            return .tensor(Tensor.filled(shape, with: v))
        },
        Builtin("diag", summary: "the diagonal of a matrix as a vector, or the square matrix with the vector x on its diagonal",
                help: "Differentiable: works inside objectives. For a non-square matrix, the first min(rows, columns) diagonal entries.",
                parameters: [.required("x")]) { args in
            let x = try args.required("x")
            if let s = args.context.shape(of: x), s.count <= 1 { try checkSize([s.first ?? 1, s.first ?? 1], args) }
            return try args.context.graphOperation([x], at: args.location(of: "x"), what: "diag") { g, n in
                try diagonal(g, n[0])
            }
        },
        Builtin("trace", summary: "the sum of the diagonal of a matrix",
                help: "Differentiable: works inside objectives.",
                parameters: [.required("A")]) { args in
            let a = try args.required("A")
            if let s = args.context.shape(of: a), s.count != 2 {
                throw args.error("expected a matrix, got \(Value.describe(shape: s))", at: "A")
            }
            return try args.context.graphOperation([a], at: args.location(of: "A"), what: "trace") { g, n in
                try g.sum(try diagonal(g, n[0]))
            }
        },
        Builtin("det", summary: "the determinant of a square matrix (LU factorisation, LAPACK dgetrf)",
                help: "An exactly singular matrix gives 0. Needs a concrete matrix (not inside an objective).",
                parameters: [.required("A")]) { args in
            if case .number(let a) = try args.required("A") { return .number(a) }
            let a = try args.matrix("A")
            guard a.shape[0] == a.shape[1] else { throw args.error("expected a square matrix, got shape \(shapeText(a.shape))", at: "A") }
            if a.shape[0] == 0 { return .number(1) }  // det of 0×0 is the empty product
            guard let d = try LinearSolve.determinant(a, isCancelled: isCancelled(args)) else { throw interrupted(args) }
            return .number(d)
        },
        Builtin("inv", summary: "the inverse of a square matrix (solve(A, eye(n)); prefer solve(A, b) for systems)",
                help: "A singular matrix is an error. Needs a concrete matrix (not inside an objective).",
                parameters: [.required("A")]) { args in
            if case .number(let a) = try args.required("A") { return .number(1 / a) }
            let a = try args.matrix("A")
            guard a.shape[0] == a.shape[1] else { throw args.error("expected a square matrix, got shape \(shapeText(a.shape))", at: "A") }
            guard let x = try LinearSolve.solve(a, Tensor.identity(a.shape[0]), isCancelled: isCancelled(args)) else {
                throw interrupted(args)
            }
            return .tensor(x)
        },
        Builtin("sort", summary: "the elements of a vector in ascending order (descending with rev=true); nan sorts last",
                parameters: [.required("x"), .named("rev", .bool(false))]) { args in
            let xs = try args.vector("x")
            let rev = try args.bool("rev")
            let numbers = xs.filter { !$0.isNaN }.sorted(by: rev ? (>) : (<))
            return .vector(numbers + xs.filter(\.isNaN))
        },
        Builtin("findall", summary: "the (1-based) positions where a vector is true or nonzero (Julia's findall)",
                help: "findall([3, 0, 5] > 1) is [1, 3]. x[x > 1] selects by the same mask directly.",
                parameters: [.required("c")]) { args in
            let c = try args.required("c")
            if case .bool(let b) = c { return .vector(b ? [1] : []) }
            let xs = try args.vector("c")
            return .vector(xs.indices.filter { xs[$0] != 0 }.map { Double($0 + 1) })
        },
        extremeIndex("argmin", "smallest", <),
        extremeIndex("argmax", "largest", >),
        Builtin("cumsum", summary: "running sums of a vector: element i is x[1] + … + x[i]",
                help: "Differentiable: works inside objectives.",
                parameters: [.required("x")]) { args in
            let x = try args.required("x")
            if let s = args.context.shape(of: x), s.count > 1 {
                throw args.error("expected a vector, got shape \(shapeText(s))", at: "x")
            }
            return try args.context.graphOperation([x], at: args.location(of: "x"), what: "cumsum") { g, n in
                try g.cumsum(n[0])
            }
        },
        concatenation("vcat", summary: "joins vectors end to end, or stacks matrices (and vectors, as rows) vertically; joins lists",
                      help: "vcat([1, 2], 3) is [1, 2, 3]; vcat([1, 2], [3, 4]) is the vector [1, 2, 3, 4]; vcat(A, [1, 2]) adds a row (NumPy's vstack). With a list (or a string, record, … ) among the arguments the result is a list: lists are spliced, an empty [] adds nothing, anything else is one element, so vcat(L, [r]) appends r."),
        concatenation("hcat", summary: "puts vectors side by side as columns, or joins matrices horizontally (Julia's hcat)",
                      help: "hcat([1, 2], [3, 4]) is the 2×2 matrix [1, 3; 2, 4]; hcat(A, v) adds the column v."),
        Builtin("isnan", summary: "whether x is nan: true or false for a number, 1 or 0 elementwise for a tensor (as comparisons give)",
                parameters: [.required("x")]) { args in
            if case .number(let v) = try args.required("x") { return .bool(v.isNaN) }
            return try args.context.graphOperation([try args.required("x")], at: args.location(of: "x"), what: "isnan") { g, n in
                try g.compare(.ne, n[0], n[0])
            }
        },
        Builtin("isfinite", summary: "whether x is neither nan nor ±inf: true or false for a number, 1 or 0 elementwise for a tensor",
                parameters: [.required("x")]) { args in
            if case .number(let v) = try args.required("x") { return .bool(v.isFinite) }
            return try args.context.graphOperation([try args.required("x")], at: args.location(of: "x"), what: "isfinite") { g, n in
                try g.compare(.lt, g.unary(UnaryFunctions.Abs.self, n[0]), g.scalar(.infinity))
            }
        },
        Builtin("string", summary: "the values as print shows them, joined with no separator (Julia's string)",
                help: "string(\"f = \", 0.5) is \"f = 0.5\". Strings join without quotes.",
                parameters: [], variadic: "a, b, ...") { args in
            for (v, loc) in zip(args.rest, args.restLocations) where v.isTraced {
                throw SFNError("string: cannot show a value that depends on the objective's parameters", at: loc)
            }
            let parts = args.rest.map { ValueDisplay.printed($0) }
            try ValueLimits.check(parts.reduce(0.0) { $0 + Double($1.utf8.count) }, .string, "string: the result", at: args.location)
            return .string(parts.joined())
        },
    ] }

    /// The diagonal of a matrix (a gather), or the matrix with a vector on its diagonal (the vector
    /// with one zero appended, gathered so that every off-diagonal entry reads the zero).
    static func diagonal(_ g: Graph, _ x: Node) throws -> Node {
        let s = g.shape(x)
        switch s.count {
        case 0, 1:
            let n = s.first ?? 1
            let padded = try g.concat([try g.reshape(x, [n]), g.constant(Tensor.zeros([1]))], axis: 0)
            let index = (0..<n * n).map { $0 / n == $0 % n ? $0 / n : n }
            return try g.gather(padded, index: index, shape: [n, n], label: "diag")
        case 2:
            let k = min(s[0], s[1])
            return try g.gather(x, index: (0..<k).map { $0 * s[1] + $0 }, shape: [k], label: "diag")
        default:
            throw GraphError.invalid(op: "diag", message: "expected a vector or a matrix, got shape \(shapeText(s))")
        }
    }

    /// argmin/argmax: the 1-based index of the first extreme element; a nan wins (as in NumPy and
    /// Julia, where nan propagates).
    static func extremeIndex(_ name: String, _ what: String, _ better: @escaping (Double, Double) -> Bool) -> Builtin {
        Builtin(name, summary: "the (1-based) index of the \(what) element of a vector; the first one on ties, the first nan if any",
                parameters: [.required("x")]) { args in
            let xs = try args.vector("x")
            guard !xs.isEmpty else { throw args.error("the vector is empty", at: "x") }
            if let i = xs.firstIndex(where: \.isNaN) { return .number(Double(i + 1)) }
            var best = 0
            for i in xs.indices where better(xs[i], xs[best]) { best = i }
            return .number(Double(best + 1))
        }
    }

    /// vcat and hcat over any number of arguments, through the graph's concat so that they work
    /// inside objectives too.
    static func concatenation(_ name: String, summary: String, help: String) -> Builtin {
        let vertical = name == "vcat"
        return Builtin(name, summary: summary, help: help + "\nDifferentiable: works inside objectives.",
                       parameters: [], variadic: "a, b, ...") { args in
            let values = args.rest
            guard !values.isEmpty else { throw args.error("nothing to join") }
            let interpreter = args.context
            // List mode, when a list or a value that is not numeric is among the arguments: lists are
            // spliced, an empty [] adds nothing (so L = []; L = vcat(L, [r]) collects), and any
            // other value becomes one element.
            let numeric = { (v: Value) -> Bool in
                switch v { case .number, .bool, .tensor, .traced: return true; default: return false }
            }
            if vertical, !values.allSatisfy(numeric) {
                let count = values.reduce(0.0) { n, v in
                    if case .list(let items) = v { return n + Double(items.count) }
                    return n + 1
                }
                try ValueLimits.check(count, .list, "\(name): the list", at: args.location)
                return .list(values.flatMap { v -> [Value] in
                    if case .list(let items) = v { return items }
                    if case .tensor(let t) = v, t.count == 0 { return [] }
                    return [v]
                })
            }
            var shapes: [[Int]] = []
            for (v, loc) in zip(values, args.restLocations) {
                guard let s = interpreter.shape(of: v), s.count <= 2 else {
                    throw SFNError("\(name): expected numbers, vectors or matrices, got \(v.kindDescription)", at: loc)
                }
                shapes.append(s)
            }
            // vcat of vectors and numbers joins them into a vector; otherwise everything becomes a
            // matrix first: a vector is a row for vcat and a column for hcat, a number is 1×1.
            let flat = vertical && shapes.allSatisfy { $0.count <= 1 }
            let targets: [[Int]] = shapes.map { s in
                if flat { return [s.first ?? 1] }
                switch s.count {
                case 0: return [1, 1]
                case 1: return vertical ? [1, s[0]] : [s[0], 1]
                default: return s
                }
            }
            try checkResultCount(targets.reduce(0.0) { $0 + Double(elementCount($1)) }, "\(name): the result", at: args.location)
            let axis = flat || vertical ? 0 : 1
            let other = 1 - axis
            if !flat, let bad = targets.firstIndex(where: { $0[other] != targets[0][other] }) {
                let which = vertical ? "columns" : "rows"
                throw SFNError("\(name): cannot join shapes \(shapeText(targets[0])) and \(shapeText(targets[bad])): the numbers of \(which) differ",
                               at: args.restLocations[bad])
            }
            return try interpreter.graphOperation(values, at: args.location, what: name) { g, nodes in
                try g.concat(zip(nodes, targets).map { try g.reshape($0, $1) }, axis: axis)
            }
        }
    }
}
