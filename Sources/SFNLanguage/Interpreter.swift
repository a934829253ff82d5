// The interpreter: runs programs statement by statement in a tree-walking evaluator.
// Expressions are in Evaluate*.swift, the compiler to the autodiff tape in Tracing.swift,
// built-ins in Builtins.swift and Builtins/.
import Foundation
import SFNMethods
import SFNNumerics
import SFNTape
import SFNSyntax

/// Runs sfn source text.
///
///     let sfn = Interpreter()
///     sfn.output = { text in log.append(text) }
///     let v = try sfn.run("f(x, y) = x^2 - y^2\ngrad(f, [1, 2])", name: "snippet")
///
/// Everything printed (`print`, the display of expression statements, command reports) goes
/// through ``output``. Errors are ``/SFNSyntax/SFNError`` values carrying the location and source line.
///
/// An interpreter is not thread-safe: run one program at a time. ``cancellation`` may be set from
/// any thread to stop the running command (loops poll it too).
///
/// Stack: `run` and `runFile` evaluate on a thread with a large stack (``stackSize``), so that the
/// recursion limit (``maxCallDepth`` nested calls, then the error "recursion too deep") is what
/// stops deep recursion, never a stack overflow.
public final class Interpreter {
    /// Receives everything the program prints. Text comes in pieces that end with a newline
    /// (except the live progress line of a long run on a terminal, which ends with none).
    /// The default prints to standard output and flushes: through the same buffer as Swift's `print`
    /// (so a host's own prints, such as the REPL's `:vars`, stay in order with the program's output
    /// when stdout is a pipe or file), and promptly (progress lines appear as they are made).
    public var output: (String) -> Void = { text in
        print(text, terminator: "")
        fflush(nil)  // every C output stream: stdout, without naming the global
    }
    /// How an iterative command that runs past 2 s shows its progress (ProgressLine.swift):
    /// plain lines by default (output to a pipe, a file, a notebook); the sfn executable asks for
    /// the live line, redrawn in place, when its standard output is a terminal.
    package var progressStyle = ProgressStyle.plain
    /// The clock of those lines, in seconds; tests inject one so that they need not sleep.
    package var progressClock: () -> Double = ProgressLine.monotonicSeconds
    /// When set, a plot command without `file=` hands its SVG here instead of drawing terminal art
    /// through ``output`` (a notebook front end shows it inline). Nil, the default: terminal art.
    public var figureHandler: ((_ svg: String) -> Void)? = nil
    /// The terminal that plot commands draw text for: its size and whether to colour. Plain text
    /// for 80 columns by default; the sfn executable measures its terminal.
    public var plotTerminal = PlotTerminal.plain
    /// Set from another thread or task (or a SIGINT handler) to stop the running command. It is
    /// cleared when `run` starts. Once it is set no further statement and no further built-in
    /// call starts: they throw "interrupted" (a command already running returns its record with
    /// `reason = "interrupted"`, or throws "interrupted" when it has none).
    public let cancellation = Cancellation()
    /// How expression statements display their values: exact by default; the REPL shows about 6
    /// digits fitted to the terminal (``DisplayOptions/prompt(width:height:)``).
    public var displayOptions = DisplayOptions.full
    /// Whether a displayed value is also bound to `ans`, as at Julia's and MATLAB's prompts (the
    /// REPL turns it on; scripts have no `ans`).
    public var bindsAns = false
    /// Nested calls allowed before "recursion too deep".
    public var maxCallDepth = 1000
    /// Bytes of stack for the evaluation thread.
    public var stackSize = 1 << 30
    /// Whether a program may read and write the files it names (scripts it imports, load, chars,
    /// save, plots with file=). The fuzz target turns it off; the standard library stays importable.
    package var allowsFileAccess = true
    /// How many objectives have been compiled (the cache's misses); for tests and `:stats`.
    public var compileCount: Int { objectives.compileCount }

    // State read on every evaluation step is marked `@exclusivity(unchecked)`: Swift's dynamic
    // exclusivity check (a thread-local access set per access) cost more than the work itself in
    // a release build. No access to these overlaps another (they are read or replaced whole).
    let globals = Environment(parent: nil)
    @exclusivity(unchecked) var registry = BuiltinRegistry.core
    /// Source texts by name, to quote the offending line in errors.
    var sources: [String: SourceText] = [:]
    @exclusivity(unchecked) var callDepth = 0
    /// The compilation in progress, if any: installed and removed by the objective compiler, read
    /// by the evaluator (see Tracing.swift).
    @exclusivity(unchecked) var tracer: Tracer? = nil
    /// Compiles objectives to tapes, and keeps them (ObjectiveCompiler.swift).
    let objectives = ObjectiveCompiler()
    /// Modules already run, by canonical key; and the chain of imports in progress.
    var loadedModules: Set<String> = []
    var importChain: [String] = []
    /// Extents of the axes being indexed, innermost last: the value of `end`.
    @exclusivity(unchecked) var endStack: [Int] = []
    /// The generator behind `randn`/`rand` without `seed=`: fixed initial seed, so scripts are
    /// reproducible run to run.
    var random = SplitMix64(seed: 0x5F3)
    /// Whether we are already on the evaluation thread (nested `run` from a built-in or import).
    var running = false

    /// An interpreter with the global scope holding `pi`, `inf`, `nan`, `true`, `false` and the
    /// core built-ins.
    public init() {
        globals.define("pi", .number(Double.pi))
        globals.define("inf", .number(Double.infinity))
        globals.define("nan", .number(Double.nan))
        globals.define("true", .bool(true))
        globals.define("false", .bool(false))
    }

    // MARK: Embedding API

    /// Parses and runs `source`; returns the value of its last statement (nothing when the last
    /// statement is not an expression). Expression statements not ending in `;` display their
    /// value through ``output``.
    @discardableResult
    public func run(_ source: String, name: String = "<input>") throws -> Value {
        try run(nil, from: SourceText(name: name, text: source))
    }

    /// Runs a program already parsed from `text` (the REPL parses each entry once, to learn
    /// whether it is complete, and then runs that parse).
    @discardableResult
    package func run(_ program: Program, from text: SourceText) throws -> Value {
        try run(Optional(program), from: text)
    }

    private func run(_ parsed: Program?, from text: SourceText) throws -> Value {
        sources[text.name] = text
        // Only an outermost run clears the flag: a nested one (a built-in running source) must not
        // lose an interrupt meant for the run around it.
        if !running { cancellation.reset() }
        return try onLargeStack { [self] in
            try withSourceLines {
                let program = try parsed ?? Parser.parse(text)
                return try execute(program.statements, in: globals, topLevel: true)
            }
        }
    }

    /// Reads and runs a script file; imports in it are relative to its directory. Any readable
    /// file will do: a pipe (`sfn <(…)`), /dev/stdin, /dev/null (an empty script).
    @discardableResult
    public func runFile(path: String) throws -> Value {
        let text = try readSource(path: path, at: SourceLocation(file: path, line: 1, column: 1))
        return try run(text, name: path)
    }

    /// Reads a script from standard input to its end and runs it as `<stdin>` (`sfn -`); imports
    /// in it are relative to the working directory.
    @discardableResult
    public func runStandardInput() throws -> Value {
        let name = "<stdin>"
        let bytes: [UInt8]
        do { bytes = try FileIO.read(fd: 0) } catch {
            throw SFNError("cannot read standard input: \(error)", at: SourceLocation(file: name, line: 1, column: 1))
        }
        return try run(try sourceText(bytes, file: name), name: name)
    }

    /// Binds a global name (replacing any earlier binding).
    public func bind(_ name: String, _ value: Value) { globals.assign(name, value) }

    /// The value of a global name, if bound.
    public func global(_ name: String) -> Value? { globals.slot(of: name).map { globals.value(at: $0) } }

    /// The global bindings in the order they were made (`:vars`).
    public var globalBindings: [(name: String, value: Value)] { globals.bindings }

    /// Each global's version, bumped whenever it is assigned (the REPL's `:load` names what a
    /// script rebound).
    package var globalVersions: [(name: String, version: Int)] { globals.versions }

    /// Adds (or replaces) a built-in.
    public func register(_ builtin: Builtin) { registry.register(builtin) }

    /// Every built-in, by name (for `:help` and completion).
    public var builtins: BuiltinRegistry { registry }

    /// Names for tab completion: globals and built-ins, sorted.
    public var completionNames: [String] { Array(Set(globals.names + registry.names)).sorted() }

    /// Calls a function value with positional arguments (for built-ins that take callbacks).
    public func call(_ function: Value, _ arguments: [Value], at location: SourceLocation) throws -> Value {
        try call(function, arguments.map { CallArgument(name: nil, value: $0, location: location) }, at: location, calleeName: nil)
    }

    /// Writes text through the output handler.
    public func write(_ text: String) { output(text) }

    // MARK: Statements

    /// Runs statements in `env`; the value of the last one when it is an expression statement.
    func execute(_ statements: [Stmt], in env: Environment, topLevel: Bool = false) throws -> Value {
        var last = Value.nothing
        for s in statements {
            // An interrupted command returns its record; what follows it must not run.
            try checkCancelled(at: s.location)
            last = try execute(s, in: env, topLevel: topLevel)
        }
        return last
    }

    func execute(_ s: Stmt, in env: Environment, topLevel: Bool = false) throws -> Value {
        switch s.kind {
        case .assign(let name, let e):
            env.assign(name, try eval(e, env))
            return .nothing
        case .indexAssign(let name, let subscripts, let value, let index):
            try assignElements(of: name, subscripts, value, in: env, at: s.location, index: index)
            return .nothing
        case .function(let name, let parameters, let body):
            env.assign(name, .function(Function(name: name, parameters: parameters, body: body,
                                                environment: env, location: s.location)))
            return .nothing
        case .expression(let e, let silent):
            let v = try eval(e, env)
            if topLevel && !silent {
                if case .nothing = v {} else {
                    output(ValueDisplay.display(v, displayOptions) + "\n")
                    if bindsAns { globals.assign("ans", v) }
                }
            }
            return v
        case .assert(let condition, let message):
            let c = try eval(condition, env)
            guard try truth(c, what: "assert", at: condition.location) else {
                // LANGUAGE.md §4: `assert cond, "message"` fails with "assertion failed: message".
                var text = "assertion failed"
                if let m = message { text += ": " + ValueDisplay.printed(try eval(m, env), digits: nil) }
                throw SFNError(text, at: s.location)
            }
            return .nothing
        case .importModule(let name):
            try importModule(name, at: s.location)
            return .nothing
        case .forLoop(let variable, let iterable, let body):
            // Each iteration has its own scope (a closure made in the body captures that
            // iteration's variable); when no closure kept it, the next iteration reuses it.
            var scope = Environment(parent: env, traceID: traceID)
            try forEach(iterable, in: env) { item in
                if !isKnownUniquelyReferenced(&scope) { scope = Environment(parent: env, traceID: traceID) }
                scope.removeAll()
                scope.define(variable, item)
                _ = try execute(body, in: scope)
            }
            return .nothing
        case .ifStatement(let condition, let then, let otherwise):
            // Branches share the enclosing scope (as in Julia and Python): a name bound in a
            // branch is visible after the `if`.
            if try truth(try eval(condition, env), what: "if", at: condition.location) {
                _ = try execute(then, in: env)
            } else if let otherwise {
                _ = try execute(otherwise, in: env)
            }
            return .nothing
        }
    }

    /// The truth of a condition of an `if` statement or `assert`: only a bool will do.
    func truth(_ v: Value, what: String, at location: SourceLocation) throws -> Bool {
        switch v {
        case .bool(let b): return b
        case .traced:
            throw SFNError("the condition of \(what) depends on the objective's parameters; use 'if c then a else b', which selects elementwise",
                           at: location)
        case .tensor:
            throw SFNError("the condition of \(what) must be true or false, got \(v.kindDescription) (use all(...) or any(...))",
                           at: location)
        default:
            throw SFNError("the condition of \(what) must be true or false, got \(v.kindDescription)", at: location)
        }
    }

    /// Polls the cancellation flag (loops call it once per iteration).
    @inline(__always) func checkCancelled(at location: SourceLocation) throws {
        if cancellation.isCancelled { throw SFNError("interrupted", at: location) }
    }

    // MARK: Errors

    /// Runs `body`, filling in the source line of any error it throws, and turning the engine's
    /// error types into located errors where they escaped without one.
    func withSourceLines<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var e as SFNError {
            if e.sourceLine == nil, let src = sources[e.location.file] {
                let line = src.line(e.location.line)
                if !line.isEmpty || e.location.line <= src.lines.count { e.sourceLine = line }
            }
            throw e
        }
    }

    /// `unknown name 'fo'; did you mean 'foo'?`
    func unknownName(_ name: String, at location: SourceLocation, in env: Environment) -> SFNError {
        if name == "end" {
            return SFNError("'end' can only be used inside an index, as in x[end]", at: location)
        }
        let candidates = env.visibleNames() + registry.names
        if let best = Suggestions.closest(to: name, among: candidates) {
            return SFNError("unknown name '\(name)'; did you mean '\(best)'?", at: location)
        }
        return SFNError("unknown name '\(name)'", at: location)
    }
}
