// The objective compiler (LANGUAGE.md §5): from an sfn function and a starting point to a
// compiled tape. It owns the cache that lets a loop reuse one tape, and the tracer's lifecycle.
import SFNMethods
import SFNNumerics
import SFNTape
import SFNSyntax

/// A compiled objective with the way its data inputs are fed.
///
/// Made by ``CommandContext/compile(_:shapes:data:at:)`` for explicit parameter shapes; a command
/// that starts from a point gets one inside a ``PreparedObjective``.
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
///
/// ``CommandContext/compile(_:)-(ObjectiveRequest)`` makes one. θ is the starting point's elements
/// flattened (row-major) when it is a number, vector or matrix, or the parameter blocks of
/// `shapes=` concatenated; ``shaped(_:)`` turns a vector of θ's length back into a value shaped
/// like the start:
///
/// ```swift
/// let prepared = try args.context.compile(try args.objectiveRequest())
/// let r = Methods.sfn(prepared.objective, x0: prepared.x0, options: RunOptions(steps: 50))
/// return prepared.shaped(r.x)
/// ```
public struct PreparedObjective {
    /// The compiled tape, with the way its data inputs are fed.
    public let compiled: CompiledFunction
    /// The starting point, flattened.
    public let x0: [Double]
    /// The starting point's shape: `[]` for a number, `[m]` for a vector, `[r, c]` for a matrix.
    public let startShape: [Int]

    /// The tape as an ``/SFNMethods/Objective`` for the methods: the compiled tape's objective.
    public var objective: CompiledObjective { compiled.objective }
    /// m, the length of θ (and of ``x0``).
    public var dimension: Int { compiled.dimension }

    /// A vector of θ's length as a value shaped like the starting point (a gradient of a scalar
    /// start is a number, of a matrix start a matrix).
    public func shaped(_ v: [Double]) -> Value {
        if startShape.isEmpty, v.count == 1 { return .number(v[0]) }
        if elementCount(startShape) == v.count, startShape.count >= 1 { return .tensor(Tensor(shape: startShape, scalars: v)) }
        return .vector(v)
    }

    /// Checks a direction (for `hvp`) against θ's length: returns `v`, or throws an error at
    /// `location` naming the argument `name` and the objective `function`.
    public func direction(_ v: [Double], name: String, of function: String, at location: SourceLocation) throws -> [Double] {
        guard v.count == dimension else {
            throw SFNError("\(name) has \(v.count) elements, \(function) takes \(dimension)", at: location)
        }
        return v
    }
}

/// What a command asks to have compiled: the objective, its starting point and the options
/// `shapes=` and `data=`, each with where it was written (errors point there).
///
/// ``Arguments/objectiveRequest(_:start:)`` reads one off a command's arguments.
public struct ObjectiveRequest {
    /// The objective: a function of the parameters (and, with `data=`, of the dataset).
    public var function: Function
    /// The starting point: a number, a vector, a matrix, or (with `shapes=`) a flat θ₀.
    public var start: Value
    /// Where the starting point was written.
    public var startLocation: SourceLocation
    /// The `shapes=` option: one shape per parameter of `function`, nil when not given.
    public var shapes: Value?
    /// Where `shapes=` was written.
    public var shapesLocation: SourceLocation?
    /// The `data=` option: a dataset record (or a tensor) passed to the objective, nil when not given.
    public var data: Value?
    /// The command's call.
    public var location: SourceLocation

    /// A request to compile `function` from `start`, for the command called at `location`.
    public init(function: Function, start: Value, startLocation: SourceLocation, shapes: Value? = nil,
                shapesLocation: SourceLocation? = nil, data: Value? = nil, at location: SourceLocation) {
        self.function = function; self.start = start; self.startLocation = startLocation
        self.shapes = shapes; self.shapesLocation = shapesLocation; self.data = data; self.location = location
    }
}

/// Compiles objectives to tapes, once per function, parameter shapes and data shapes: an entry is
/// reused while every name the function read from outside still resolves to the same, unchanged
/// binding. The interpreter has one.
final class ObjectiveCompiler {
    /// Compiled objectives kept at most; the cache is emptied beyond this (lambdas written inside a
    /// loop make a new function, and so a new entry, at every iteration).
    static let cacheLimit = 256

    private var cache: [ObjectiveKey: ObjectiveEntry] = [:]
    /// The objective compiled or found last (without data), checked before the cache.
    @exclusivity(unchecked) private var last: ObjectiveEntry? = nil
    private var nextTraceID = 1
    /// How many objectives have been compiled (the cache's misses).
    private(set) var compileCount = 0

    /// Compiles the request's objective for its starting point, with the parameter shapes of
    /// ``ParameterShapes/resolve(startShape:elements:parameters:given:function:)``; with `data=D`
    /// the function takes (w, batch), and D's tensors are data inputs of the tape (so one tape
    /// serves every batch of one shape). Validates everything the engine would otherwise check
    /// with a precondition.
    func prepare(_ request: ObjectiveRequest, in interpreter: Interpreter) throws -> PreparedObjective {
        let function = request.function, location = request.location, startLocation = request.startLocation
        let x0: [Double], startShape: [Int]
        switch request.start {
        case .number(let x): x0 = [x]; startShape = []
        case .tensor(let t): x0 = t.scalars; startShape = t.shape
        case .list(let items) where items.allNumbers != nil:
            x0 = items.allNumbers ?? []; startShape = [x0.count]
        default:
            throw SFNError("the starting point must be a vector, got \(request.start.kindDescription)", at: startLocation)
        }
        let name = function.displayName
        guard !x0.isEmpty else { throw SFNError("the starting point is empty", at: startLocation) }
        var k = function.isBuiltin ? 1 : function.parameters.count
        if request.data != nil {
            guard k == 2 else {
                throw SFNError("with data=, \(name) must take two parameters (w, batch), but it takes \(k)", at: location)
            }
            k = 1
        }
        let m = x0.count
        // The common case in a loop: the same function and starting shape as last time.
        if request.shapes == nil, request.data == nil, let last, last.function === function,
           last.startShape == startShape, last.compiled.dimension == m,
           last.dependencies.allSatisfy({ interpreter.isCurrent($0) }) {
            return PreparedObjective(compiled: last.compiled, x0: x0, startShape: startShape)
        }
        let shapesLocation = request.shapesLocation ?? location
        let given = try request.shapes.map { try ParameterShapes.parse($0, at: shapesLocation) }
        let shapes: [[Int]]
        switch ParameterShapes.resolve(startShape: startShape, elements: m, parameters: k, given: given, function: name) {
        case .success(let s): shapes = s
        case .failure(.start(let message)): throw SFNError(message, at: startLocation)
        case .failure(.shapes(let message)): throw SFNError(message, at: shapesLocation)
        }
        let compiled = try compile(function, shapes: shapes, data: request.data, at: location, in: interpreter)
        if let data = request.data { compiled.setData(data) }
        if request.shapes == nil, request.data == nil { last?.startShape = startShape }
        guard compiled.dimension == m else {
            throw SFNError("starting point has \(m) elements, \(name) takes \(compiled.dimension)", at: startLocation)
        }
        return PreparedObjective(compiled: compiled, x0: x0, startShape: startShape)
    }

    /// The compiled tape for `function` with these parameter shapes (and data shapes), from the
    /// cache when nothing it depends on has changed.
    func compile(_ function: Function, shapes: [[Int]], data: Value?, at location: SourceLocation,
                 in interpreter: Interpreter) throws -> CompiledFunction {
        let isCurrent = { (d: Dependency) in interpreter.isCurrent(d) }
        // `grad(f, x)` in a loop asks for the same objective again and again: check the last one
        // first, without hashing a key.
        if data == nil, let last, last.function === function, last.compiled.parameterShapes == shapes,
           last.dependencies.allSatisfy(isCurrent) {
            return last.compiled
        }
        let key = ObjectiveKey(function: ObjectIdentifier(function), shapes: shapes, data: data.map(ObjectiveCompiler.dataSignature) ?? [])
        if let entry = cache[key], entry.dependencies.allSatisfy(isCurrent) {
            if data == nil { last = entry }
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

        // The tracer's lifetime is this call: the evaluator reads `interpreter.tracer` to route
        // operations on traced values into the graph, and nested compilations restore the outer one.
        let saved = interpreter.tracer
        interpreter.tracer = t
        defer { interpreter.tracer = saved }
        let result = try interpreter.call(.function(function), arguments, at: location, calleeName: function.name)
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
        if cache.count >= ObjectiveCompiler.cacheLimit { cache.removeAll() }
        let entry = ObjectiveEntry(function: function, compiled: compiled, dependencies: t.dependencies)
        cache[key] = entry
        if data == nil { last = entry }
        return compiled
    }

    /// Whether a captured name still resolves to the same binding, unchanged since compilation.

    /// What of a dataset the tape is specialised to: tensor shapes (their contents are inputs)
    /// and the other fields' values (they are constants).
    static func dataSignature(_ data: Value) -> [String] {
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

extension Interpreter {
    /// Compiles `function` as an objective for a starting point (LANGUAGE.md §5); see
    /// `ObjectiveCompiler`. Built-ins reach it through ``CommandContext/compile(_:)-(ObjectiveRequest)``.
    @inline(__always)
    package func prepareObjective(_ request: ObjectiveRequest) throws -> PreparedObjective {
        try objectives.prepare(request, in: self)
    }

    /// The compiled tape for `function` with these parameter shapes (and data shapes), from the
    /// cache when nothing it depends on has changed.
    package func compile(_ function: Function, shapes: [[Int]], data: Value?, at location: SourceLocation) throws -> CompiledFunction {
        try objectives.compile(function, shapes: shapes, data: data, at: location, in: self)
    }

    /// Whether a captured name still resolves to the same binding, unchanged since compilation.
    func isCurrent(_ d: Dependency) -> Bool {
        guard let (env, slot) = d.start.lookup(d.name) else { return d.found == nil && registry.values[d.name] != nil }
        return env === d.found && slot == d.slot && env.version(at: slot) == d.version
    }

    /// The id of the compilation in progress, 0 outside one (scopes record it, see Tracing.swift).
    var traceID: Int { tracer?.id ?? 0 }
}
