// What a built-in may do besides reading its arguments: the narrow view of the interpreter that
// every built-in gets, including a Swift built-in an embedder registers.
import SFNMethods
import SFNNumerics
import SFNTape
import SFNSyntax

/// The interpreter as a built-in sees it: write output, check for cancellation, call a function
/// value, compile an objective, and (inside the package) add an operation to the graph being
/// traced. A built-in reaches nothing else of the interpreter, so built-ins cannot come to depend
/// on its internals.
///
/// A built-in gets it as ``Arguments/context``:
///
/// ```swift
/// sfn.register(Builtin("each", summary: "calls g on 1, …, n and prints the values",
///                      parameters: [.required("g"), .required("n")]) { args in
///     let g = try args.required("g")
///     for i in 1...(try args.int("n", in: 1...1_000_000)) {
///         if args.context.cancellation.isCancelled { break }
///         let y = try args.context.call(g, [.number(Double(i))], at: args.location)
///         args.context.write("\(i): \(y)\n")
///     }
///     return .nothing
/// })
/// ```
public struct CommandContext {
    private let interpreter: Interpreter

    init(_ interpreter: Interpreter) { self.interpreter = interpreter }

    /// Writes text through the interpreter's output handler.
    public func write(_ text: String) { interpreter.write(text) }

    /// Significant digits of displayed and printed numbers (the prompt's `:precision`); nil: exact.
    public var displayDigits: Int? { interpreter.displayOptions.digits }

    /// Where a plot without `file=` sends its SVG instead of drawing in the terminal, when the
    /// host has asked for figures (``Interpreter/figureHandler``); nil for terminal art.
    public var figureHandler: ((_ svg: String) -> Void)? { interpreter.figureHandler }

    /// The terminal that plots drawn as text are sized and coloured for (``Interpreter/plotTerminal``).
    public var plotTerminal: PlotTerminal { interpreter.plotTerminal }

    /// Set when the running command should stop (Ctrl-C, or another task); long loops check it.
    public var cancellation: Cancellation { interpreter.cancellation }

    /// Calls a function value with positional arguments (errors are located at `location`).
    public func call(_ function: Value, _ arguments: [Value], at location: SourceLocation) throws -> Value {
        try interpreter.call(function, arguments, at: location)
    }

    /// Compiles an objective for a starting point (LANGUAGE.md §5), from the cache when it can.
    @inline(__always)
    public func compile(_ request: ObjectiveRequest) throws -> PreparedObjective {
        try interpreter.prepareObjective(request)
    }

    /// The tape for `function` with explicit parameter shapes (and a dataset's shapes).
    public func compile(_ function: Function, shapes: [[Int]], data: Value?, at location: SourceLocation) throws -> CompiledFunction {
        try interpreter.compile(function, shapes: shapes, data: data, at: location)
    }

    // MARK: For the package's built-ins: tracing-aware operations

    /// Applies a graph operation to values, traced or concrete (see `Interpreter.graphOperation`).
    package func graphOperation(_ operands: [Value], at location: SourceLocation, what: String,
                                _ op: (Graph, [Node]) throws -> Node) throws -> Value {
        try interpreter.graphOperation(operands, at: location, what: what, op)
    }

    /// How a long run shows its progress, and the clock it is timed by (ProgressLine.swift).
    package var progressStyle: ProgressStyle { interpreter.progressStyle }
    package var progressClock: () -> Double { interpreter.progressClock }

    /// The shape of a number, tensor or traced value; nil for other values.
    package func shape(of v: Value) -> [Int]? { interpreter.shape(of: v) }

    /// Refuses a result past the element limit before it is allocated.
    package func checkResultSize(_ a: Value, _ b: Value, matrixProduct: Bool = false, at location: SourceLocation) throws {
        try interpreter.checkResultSize(a, b, matrixProduct: matrixProduct, at: location)
    }

    /// Stacks values of one shape into a tensor (or a list when they are not numeric).
    package func stack(_ values: [Value], at location: SourceLocation) throws -> Value {
        try interpreter.stack(values, at: location)
    }

    /// Draws from the interpreter's own generator (`randn`/`rand` without `seed=`).
    package func withRandom<T>(_ body: (inout SplitMix64) throws -> T) rethrows -> T {
        try body(&interpreter.random)
    }

    /// The bytes of a file the program names (FileIO.swift: any readable file, read to its end).
    func readFile(_ path: String) throws(FileIO.Failure) -> [UInt8] {
        guard interpreter.allowsFileAccess else { throw FileIO.Failure(description: "file access is turned off") }
        return try FileIO.read(path)
    }

    /// Whether the program may touch files at all (`exists` asks before it looks).
    var allowsFileAccess: Bool { interpreter.allowsFileAccess }

    /// Replaces a file the program names; a failure leaves the old file as it was (FileIO.swift).
    func replaceFile(_ path: String, with bytes: [UInt8]) throws(FileIO.Failure) {
        guard interpreter.allowsFileAccess else { throw FileIO.Failure(description: "file access is turned off") }
        try FileIO.replace(path, with: bytes)
    }

    /// The interpreter, for the help text (which reads its registry and globals).
    package var interpreterForHelp: Interpreter { interpreter }

    /// The function value of a built-in, by name.
    package func builtinValue(_ name: String) -> Value? { interpreter.registry.values[name] }

    /// Calls a function value with positional and named arguments (`steps=`, `quiet=`), all
    /// located at `location`.
    package func call(_ function: Value, _ arguments: [Value], named: [(String, Value)],
                      at location: SourceLocation) throws -> Value {
        let args = arguments.map { CallArgument(name: nil, value: $0, location: location) }
            + named.map { CallArgument(name: $0.0, value: $0.1, location: location) }
        return try interpreter.call(function, args, at: location, calleeName: nil)
    }

    /// Runs `body` with the interpreter's output discarded (what a command calls prints nothing).
    package func silenced<T>(_ body: () throws -> T) rethrows -> T {
        let saved = interpreter.output
        interpreter.output = { _ in }
        defer { interpreter.output = saved }
        return try body()
    }

    /// The text of a source line (1-based), or nil when the source is not known.
    package func sourceLine(at location: SourceLocation) -> String? {
        interpreter.sources[location.file]?.line(location.line)
    }
}
