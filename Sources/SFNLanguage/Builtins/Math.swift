// Elementwise functions and reductions. They work on numbers, tensors and traced values alike,
// through the Graph (numbers take a direct path with the same scalar rule).
import SFNNumerics
import SFNTape
import SFNSyntax

extension Builtins {
    static var math: [Builtin] { UnaryTable.all.map(elementwise) + [
        elementwise2(BinaryFunctions.Mod.self, ("a", "b"),
                     "a − b·floor(a/b) as Julia's mod: the sign of b, mod(-1, 3) == 2, mod(7, -3) == -2, mod(a, 0) is nan (derivatives ∂/∂a = 1, ∂/∂b = −q, the whole number with mod(a, b) = a − q·b)",
                     help: "Computed exactly (through fmod), as Julia and NumPy do; a zero result carries the sign of b.\nAt the jumps (where a/b is a whole number) the derivatives are still 1 and −q."),
        elementwise2(BinaryFunctions.Atan2.self, ("y", "x"),
                     "the angle of the point (x, y) in (−π, π] by quadrant (−π for y = -0, x < 0), as Julia's atan(y, x) and NumPy's arctan2 (derivatives ∂/∂y = x/(x²+y²), ∂/∂x = −y/(x²+y²))",
                     help: "atan2(1, -1) == 3π/4, atan2(-1, -1) == -3π/4, atan2(0, -1) == π, atan2(-0, -1) == -π.\nAt the origin the value is 0 (or ±π for x = -0) and the derivatives are nan."),
        reduction("sum", .sum, "sum of the elements"),
        reduction("prod", .prod, "product of the elements"),
        reduction("mean", nil, "mean of the elements"),
        extremum("max", .max, "largest element, or the elementwise maximum of two arguments"),
        extremum("min", .min, "smallest element, or the elementwise minimum of two arguments"),
        Builtin("softmax", category: .reduction, summary: "exp(x) / sum(exp(x)), along an axis (1-based) or over all elements",
                parameters: [.required("x"), .optional("axis")]) { args in
            let axis = try args.optionalInt("axis", in: 1...Int.max).map { $0 - 1 }
            return try args.context.graphOperation([try args.required("x")], at: args.location(of: "x"), what: "softmax") { g, n in
                try g.softmax(n[0], axis: axis)
            }
        },
        Builtin("logsumexp", category: .reduction, summary: "log(sum(exp(x))) without overflow, along an axis (1-based) or over all elements",
                parameters: [.required("x"), .optional("axis")]) { args in
            let axis = try args.optionalInt("axis", in: 1...Int.max).map { $0 - 1 }
            return try args.context.graphOperation([try args.required("x")], at: args.location(of: "x"), what: "logsumexp") { g, n in
                try g.logsumexp(n[0], axis: axis)
            }
        },
    ] }

    /// The built-in of an elementwise function from the tape's table (its name and summary are
    /// the function's own).
    static func elementwise(_ f: any UnaryFunction.Type) -> Builtin {
        let name = f.name
        return Builtin(name, category: .elementwise, summary: f.summary + ", elementwise",
                       parameters: [.required("x")]) { args in
            let x = try args.required("x")
            if case .number(let v) = x { return .number(f.value(v)) }
            return try args.context.graphOperation([x], at: args.location(of: "x"), what: name) { g, n in
                g.unary(f, n[0])
            }
        }
    }

    /// An elementwise function of two arguments from the tape's binary functions, broadcasting
    /// as `max(a, b)` does; its name is the function's own (`BinaryFunction.name`).
    static func elementwise2<F: BinaryFunction>(_ f: F.Type, _ names: (String, String),
                                                _ summary: String, help: String) -> Builtin {
        let name = F.name
        return Builtin(name, category: .elementwise, summary: summary + ", elementwise with broadcasting",
                help: help, parameters: [.required(names.0), .required(names.1)]) { args in
            let (a, b) = (try args.required(names.0), try args.required(names.1))
            if case .number(let x) = a, case .number(let y) = b { return .number(F.value(x, y)) }
            try args.context.checkResultSize(a, b, at: args.location)
            return try args.context.graphOperation([a, b], at: args.location, what: name) { g, n in
                try g.binary(F.self, n[0], n[1])
            }
        }
    }

    /// `sum(x)`, `sum(x, axis)` (1-based axis, dropped from the result as in NumPy), and over a
    /// generator or list: `sum((x[i] - 1)^2 for i in 1:n)` (elements of one shape are stacked
    /// and reduced along the new axis, so a generator of vectors sums to a vector).
    static func reduction(_ name: String, _ kind: Reduce.Kind?, _ summary: String) -> Builtin {
        Builtin(name, category: .reduction, summary: summary,
                help: "With axis (1-based), reduces along that axis only: \(name)(A, 1) works down the columns.\nAccepts a generator: \(name)(f(i) for i in 1:n).",
                parameters: [.required("x"), .optional("axis")]) { args in
            let axis = try args.optionalInt("axis", in: 1...Int.max).map { $0 - 1 }
            let x = try args.required("x")
            func apply(_ g: Graph, _ v: Node, _ axis: Int?) throws -> Node {
                if let kind { return try g.reduce(kind, v, axis: axis) }
                return try g.mean(v, axis: axis)
            }
            if case .list(let items) = x {
                guard axis == nil else { throw args.error("axis= cannot be used with a generator or list", at: "axis") }
                if items.isEmpty {
                    switch kind { case .sum: return .number(0); case .prod: return .number(1); default: break }
                    throw args.error("\(name) of an empty collection", at: "x")
                }
                return try reduceList(items, args, what: name) { g, v, axis in try apply(g, v, axis) }
            }
            if case .number(let v) = x, axis == nil { return .number(v) }
            return try args.context.graphOperation([x], at: args.location(of: "x"), what: name) { g, n in try apply(g, n[0], axis) }
        }
    }

    /// `max(x)` reduces; `max(a, b)` is elementwise (NumPy's maximum); `max(x, axis=1)`.
    static func extremum(_ name: String, _ kind: Reduce.Kind, _ summary: String) -> Builtin {
        Builtin(name, category: .reduction, signature: "\(name)(x) or \(name)(a, b)", summary: summary,
                help: "\(name)(x) reduces all elements; \(name)(x, axis=k) along axis k (1-based); \(name)(a, b) is elementwise with broadcasting.\nAt ties the derivative is 0 (the subgradient at the kink).",
                parameters: [.required("a"), .optional("b"), .named("axis")]) { args in
            let a = try args.required("a")
            if let b = args.value("b") {
                guard !args.has("axis") else { throw args.error("axis= cannot be used with two arguments", at: "axis") }
                if case .number(let x) = a, case .number(let y) = b {
                    return .number(kind == .max ? BinaryFunctions.Maximum.value(x, y) : BinaryFunctions.Minimum.value(x, y))
                }
                try args.context.checkResultSize(a, b, at: args.location)
                return try args.context.graphOperation([a, b], at: args.location, what: name) { g, n in
                    kind == .max ? try g.maximum(n[0], n[1]) : try g.minimum(n[0], n[1])
                }
            }
            let axis = try args.optionalInt("axis", in: 1...Int.max).map { $0 - 1 }
            if case .list(let items) = a {
                if items.isEmpty { throw args.error("\(name) of an empty collection", at: "a") }
                return try reduceList(items, args, what: name) { g, v, axis in try g.reduce(kind, v, axis: axis) }
            }
            if case .number(let v) = a, axis == nil { return .number(v) }
            if let n = args.context.shape(of: a).map(elementCount), n == 0 {
                throw args.error("\(name) of an empty collection", at: "a")
            }
            return try args.context.graphOperation([a], at: args.location(of: "a"), what: name) { g, n in
                try g.reduce(kind, n[0], axis: axis)
            }
        }
    }

    /// Reduces the values of a generator or list: stacked when they share a shape (one node for
    /// the whole reduction), reduced along the stacking axis.
    static func reduceList(_ items: [Value], _ args: Arguments, what: String,
                           _ reduce: @escaping (Graph, Node, Int?) throws -> Node) throws -> Value {
        let interpreter = args.context
        let stacked = try interpreter.stack(items, at: args.location(of: args.builtin.parameters[0].name))
        if case .list = stacked {
            throw args.error("the elements must be numbers or tensors of one shape", at: args.builtin.parameters[0].name)
        }
        let elementRank = interpreter.shape(of: items[0])?.count ?? 0
        return try interpreter.graphOperation([stacked], at: args.location, what: what) { g, n in
            try reduce(g, n[0], elementRank == 0 ? nil : 0)
        }
    }
}
