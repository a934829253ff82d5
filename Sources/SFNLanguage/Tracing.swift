// The compiler from sfn functions to the autodiff tape (LANGUAGE.md §5).
//
// An objective is compiled by running its body once with `traced` values for its parameters:
// every operation on a traced value adds a node to a Graph (GraphBridge.swift), everything else
// is evaluated as usual and enters the graph as a constant. So generators over constant ranges
// unroll, `if c then a else b` on a traced condition becomes a select, and values captured from
// outer scopes become constants of the tape.
import SFNMethods
import SFNNumerics
import SFNTape
import SFNSyntax

/// One compilation in progress.
final class Tracer {
    let id: Int
    let graph = Graph()
    private(set) var dependencies: [Dependency] = []
    private var seen: Set<DependencyKey> = []

    init(id: Int) { self.id = id }

    func record(_ d: Dependency) {
        if seen.insert(DependencyKey(start: ObjectIdentifier(d.start), name: d.name)).inserted { dependencies.append(d) }
    }
}

/// A name the objective read from outside its own scopes, and what it resolved to. The compiled
/// tape is reused only while every such name still resolves to the same, unchanged binding.
struct Dependency {
    let start: Environment
    let name: String
    /// The scope it was found in; nil for a built-in.
    let found: Environment?
    let slot: Int
    let version: Int
}

private struct DependencyKey: Hashable {
    let start: ObjectIdentifier
    let name: String
}

struct ObjectiveKey: Hashable {
    let function: ObjectIdentifier
    let shapes: [[Int]]
    /// Shapes of the data fields (and values of number fields), or empty without `data=`.
    let data: [String]
}

final class ObjectiveEntry {
    /// Held so that the function's identity (the key) cannot be reused by another object.
    let function: Function
    let compiled: CompiledFunction
    let dependencies: [Dependency]
    /// The starting point's shape the entry was last prepared for without `shapes=` (it
    /// determines the parameter shapes), or nil.
    var startShape: [Int]? = nil
    init(function: Function, compiled: CompiledFunction, dependencies: [Dependency]) {
        self.function = function; self.compiled = compiled; self.dependencies = dependencies
    }
}

/// A compiled objective with the way its data inputs are fed.
public final class CompiledFunction {
    /// The tape: value, gradient, Hessian-vector products, Hessian (an `Objective` for the methods).
    public let objective: CompiledObjective
    /// Shapes of the parameters, in the order θ concatenates them.
    public let parameterShapes: [[Int]]
    /// Data input slots: the dataset field each reads (nil: the data value itself is a tensor).
    let inputFields: [String?]

    init(objective: CompiledObjective, parameterShapes: [[Int]], inputFields: [String?]) {
        self.objective = objective; self.parameterShapes = parameterShapes; self.inputFields = inputFields
    }

    /// m, the length of θ.
    public var dimension: Int { objective.dimension }

    /// Feeds a dataset (or a minibatch of the same shapes as the one compiled for) to the data
    /// inputs.
    public func setData(_ data: Value) {
        for (slot, field) in inputFields.enumerated() {
            let v: Value?
            if let field, case .record(let r) = data { v = r[field] } else { v = data }
            if case .tensor(let t)? = v { objective.setInput(slot, t) }
        }
    }
}

/// What a command needs to run an objective: the compiled tape and the starting point θ₀.
public struct PreparedObjective {
    public let compiled: CompiledFunction
    /// The starting point, flattened.
    public let x0: [Double]
    /// The starting point's shape: `[]` for a number, `[m]` for a vector, `[r, c]` for a matrix.
    public let startShape: [Int]

    public var objective: CompiledObjective { compiled.objective }
    public var dimension: Int { compiled.dimension }

    /// A vector of θ's length as a value shaped like the starting point (a gradient of a scalar
    /// start is a number, of a matrix start a matrix).
    public func shaped(_ v: [Double]) -> Value {
        if startShape.isEmpty, v.count == 1 { return .number(v[0]) }
        if elementCount(startShape) == v.count, startShape.count >= 1 { return .tensor(Tensor(shape: startShape, scalars: v)) }
        return .vector(v)
    }

    /// Checks a direction (for `hvp`) against θ's length.
    public func direction(_ v: [Double], name: String, of function: String, at location: SourceLocation) throws -> [Double] {
        guard v.count == dimension else {
            throw SFNError("\(name) has \(v.count) elements, \(function) takes \(dimension)", at: location)
        }
        return v
    }
}

extension Interpreter {
    /// Compiled objectives kept at most; the cache is emptied beyond this (lambdas written inside a
    /// loop make a new function, and so a new entry, at every iteration).
    static let objectiveCacheLimit = 256

    /// Compiles `function` as an objective for a starting point, as the contract's §5 says:
    ///
    /// - θ is the concatenation of the parameters flattened in order; `start` is one vector (or
    ///   number, or matrix for a one-parameter function) of θ's total length m;
    /// - one parameter: it has the starting point's shape;
    /// - k parameters and m == k: each is a number;
    /// - otherwise `shapes=[[2, 3], [3]]` gives each parameter's shape (`[]` for a number);
    /// - with `data=D`, the function takes (w, batch): the second parameter receives D, whose
    ///   tensors are data inputs of the tape (so the same tape serves every batch of one shape).
    ///
    /// Validates everything the engine would otherwise check with a precondition.
    public func prepareObjective(_ function: Function, start: Value, startLocation: SourceLocation,
                                 shapes shapesValue: Value? = nil, data: Value? = nil,
                                 at location: SourceLocation,
                                 shapesLocation: SourceLocation? = nil) throws -> PreparedObjective {
        let x0: [Double], startShape: [Int]
        switch start {
        case .number(let x): x0 = [x]; startShape = []
        case .tensor(let t): x0 = t.scalars; startShape = t.shape
        case .list(let items) where items.allNumbers != nil:
            x0 = items.allNumbers ?? []; startShape = [x0.count]
        default:
            throw SFNError("the starting point must be a vector, got \(start.kindDescription)", at: startLocation)
        }
        let name = function.displayName
        guard !x0.isEmpty else { throw SFNError("the starting point is empty", at: startLocation) }
        var k = function.isBuiltin ? 1 : function.parameters.count
        if data != nil {
            guard k == 2 else {
                throw SFNError("with data=, \(name) must take two parameters (w, batch), but it takes \(k)", at: location)
            }
            k = 1
        }
        let m = x0.count
        // The common case in a loop: the same function and starting shape as last time.
        if shapesValue == nil, data == nil, let last = lastObjective, last.function === function,
           last.startShape == startShape, last.compiled.dimension == m, last.dependencies.allSatisfy(isCurrent) {
            return PreparedObjective(compiled: last.compiled, x0: x0, startShape: startShape)
        }
        var shapes: [[Int]]
        if let shapesValue {
            shapes = try parameterShapes(shapesValue, at: shapesLocation ?? location)
            guard shapes.count == k else {
                throw SFNError("shapes= gives \(shapes.count) shapes, \(name) takes \(Arguments.count(k, "parameter"))",
                               at: shapesLocation ?? location)
            }
            // In doubles: extents written by the user must not overflow an Int.
            let total = shapes.reduce(0.0) { $0 + $1.reduce(1.0) { $0 * Double($1) } }
            guard total == Double(m) else {
                throw SFNError("starting point has \(m) elements, \(name) takes \(ValueDisplay.number(total))", at: startLocation)
            }
        } else if k == 1 {
            shapes = [startShape]
        } else if m == k {
            shapes = Array(repeating: [], count: k)
        } else {
            throw SFNError("starting point has \(m) elements, \(name) takes \(k)", at: startLocation)
        }
        let compiled = try compile(function, shapes: shapes, data: data, at: location)
        if let data { compiled.setData(data) }
        if shapesValue == nil, data == nil { lastObjective?.startShape = startShape }
        guard compiled.dimension == m else {
            throw SFNError("starting point has \(m) elements, \(name) takes \(compiled.dimension)", at: startLocation)
        }
        return PreparedObjective(compiled: compiled, x0: x0, startShape: startShape)
    }

    /// `shapes=[[2, 3], [3]]` (a list, or a matrix when all shapes have one rank; a vector
    /// `[2, 3]` means two vectors of those lengths; `[]` is a number).
    func parameterShapes(_ v: Value, at location: SourceLocation) throws -> [[Int]] {
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

    /// The compiled tape for `function` with these parameter shapes (and data shapes), from the
    /// cache when nothing it depends on has changed.
    public func compile(_ function: Function, shapes: [[Int]], data: Value?, at location: SourceLocation) throws -> CompiledFunction {
        // `grad(f, x)` in a loop asks for the same objective again and again: check the last one
        // first, without hashing a key.
        if data == nil, let last = lastObjective, last.function === function, last.compiled.parameterShapes == shapes,
           last.dependencies.allSatisfy(isCurrent) {
            return last.compiled
        }
        let key = ObjectiveKey(function: ObjectIdentifier(function), shapes: shapes, data: data.map(dataSignature) ?? [])
        if let entry = objectiveCache[key], entry.dependencies.allSatisfy(isCurrent) {
            if data == nil { lastObjective = entry }
            return entry.compiled
        }

        let t = Tracer(id: nextTraceID)
        nextTraceID += 1
        let graph = t.graph
        var arguments: [CallArgument] = shapes.map {
            CallArgument(name: nil, value: .traced(Traced(node: graph.parameter(shape: $0), tracer: t.id)), location: location)
        }
        var inputFields: [String?] = []
        if let data {
            let traced: Value
            switch data {
            case .tensor(let d):
                inputFields.append(nil)
                traced = .traced(Traced(node: graph.input(shape: d.shape), tracer: t.id))
            case .record(var r):
                for (name, v) in r.fields {
                    if case .tensor(let d) = v {
                        inputFields.append(name)
                        r[name] = .traced(Traced(node: graph.input(shape: d.shape), tracer: t.id))
                    }
                }
                traced = .record(r)
            default:
                throw SFNError("data= must be a dataset or a tensor, got \(data.kindDescription)", at: location)
            }
            arguments.append(CallArgument(name: nil, value: traced, location: location))
        }

        let saved = tracer
        tracer = t
        defer { tracer = saved }
        let result = try call(.function(function), arguments, at: location, calleeName: function.name)
        let node: Node
        switch result {
        case .number(let x): node = graph.scalar(x)
        case .traced(let r) where graph.count(r.node) == 1: node = r.node
        case .traced(let r):
            throw SFNError("objective must return a scalar, got shape \(shapeText(graph.shape(r.node)))", at: location)
        case .tensor(let v) where v.count == 1: node = graph.constant(v)
        case .tensor(let v):
            throw SFNError("objective must return a scalar, got shape \(shapeText(v.shape))", at: location)
        default:
            throw SFNError("objective must return a scalar, got \(result.kindDescription)", at: location)
        }
        let objective: CompiledObjective
        do {
            objective = try CompiledObjective(graph: graph, value: node)
        } catch let e as GraphError {
            throw SFNError(e.description, at: location)
        }
        compileCount += 1
        let compiled = CompiledFunction(objective: objective, parameterShapes: shapes, inputFields: inputFields)
        if objectiveCache.count >= Interpreter.objectiveCacheLimit { objectiveCache.removeAll() }
        let entry = ObjectiveEntry(function: function, compiled: compiled, dependencies: t.dependencies)
        objectiveCache[key] = entry
        if data == nil { lastObjective = entry }
        return compiled
    }

    /// Whether a captured name still resolves to the same binding, unchanged since compilation.
    func isCurrent(_ d: Dependency) -> Bool {
        guard let (env, slot) = d.start.lookup(d.name) else { return d.found == nil && registry.values[d.name] != nil }
        return env === d.found && slot == d.slot && env.version(at: slot) == d.version
    }

    /// What of a dataset the tape is specialised to: tensor shapes (their contents are inputs)
    /// and the other fields' values (they are constants).
    func dataSignature(_ data: Value) -> [String] {
        switch data {
        case .tensor(let t): return [shapeText(t.shape)]
        case .record(let r):
            return r.fields.map { f in
                if case .tensor(let t) = f.value { return "\(f.name):\(shapeText(t.shape))" }
                return "\(f.name)=\(ValueDisplay.display(f.value))"
            }
        default: return [data.kindDescription]
        }
    }
}
