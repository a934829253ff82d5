// The one table of built-in functions: what calls bind against, what `:help NAME` shows and what
// tab completion offers. Families live in Builtins/*.swift, each contributing a list of entries.
import SFNMethods
import SFNNumerics
import SFNTape
import SFNSyntax

/// A built-in function: its name, its help, its parameters (from which argument binding and its
/// error messages are generated) and its implementation. A class, so that calls share it rather
/// than copy its strings.
///
/// Adding a built-in is one entry in one family file:
///
///     Builtin("norm", summary: "Euclidean norm of a vector",
///             parameters: [.required("x")]) { args in
///         .number(Vec.norm(try args.vector("x")))
///     }
///
/// An optimiser, plot or elementwise function also gives its ``Category`` (`category: .optimiser`):
/// the tests that every member of a family must pass find it by that.
public final class Builtin {
    /// One declared parameter.
    ///
    /// Made by ``required(_:shown:)``, `optional(_:_:shown:)` or `named(_:_:shown:)`; the
    /// order of a built-in's parameters is the order positional arguments bind in.
    public struct Parameter {
        /// The name the implementation reads it by and a call may give it by: `tol` in `tol=1e-8`.
        public let name: String
        /// The value used when the argument is not given; nil means "absent" (see `isRequired`).
        public let defaultValue: Value?
        /// Whether a call must give it (a missing one is an error naming the signature).
        public let isRequired: Bool
        /// May only be given as `name=value` (options such as `tol=`, `seed=`).
        public let isNamedOnly: Bool
        /// How the signature writes it, when the default (or, for a positional parameter, the
        /// name) does not say enough: `batch=n`, `file=...`, `[x0, x1]`.
        public let shown: String?
        /// Shared by a family of commands (`steps=`, `data=`): their help lists it once, so the
        /// signature leaves it out.
        public let isCommon: Bool
        /// The numbers it accepts, checked when a call binds its arguments (an error located at
        /// the argument, naming the option and the range); nil: any.
        public let accepted: Accepted?

        /// A positional parameter that must be given.
        public static func required(_ name: String, shown: String? = nil) -> Parameter {
            Parameter(name: name, defaultValue: nil, isRequired: true, isNamedOnly: false, shown: shown, isCommon: false,
                      accepted: nil)
        }
        /// A positional parameter that may be left out (then `args.has(name)` is false, or it
        /// takes `defaultValue`).
        public static func optional(_ name: String, _ defaultValue: Value? = nil, shown: String? = nil,
                                    accepts: Accepted? = nil) -> Parameter {
            Parameter(name: name, defaultValue: defaultValue, isRequired: false, isNamedOnly: false, shown: shown, isCommon: false,
                      accepted: accepts)
        }
        /// An option given only by name, with its default (nil: absent unless given) and the
        /// numbers it accepts.
        public static func named(_ name: String, _ defaultValue: Value? = nil, shown: String? = nil,
                                 accepts: Accepted? = nil) -> Parameter {
            Parameter(name: name, defaultValue: defaultValue, isRequired: false, isNamedOnly: true, shown: shown, isCommon: false,
                      accepted: accepts)
        }

        /// The same parameter, marked as one of a family's common options.
        public var common: Parameter {
            Parameter(name: name, defaultValue: defaultValue, isRequired: isRequired, isNamedOnly: isNamedOnly,
                      shown: shown, isCommon: true, accepted: accepted)
        }

        /// How the signature writes it: `x`, `tol=1e-6`, `damping="auto"`, `clip=none`.
        var signatureText: String {
            if isRequired { return shown ?? name }
            if !isNamedOnly && defaultValue == nil && shown == nil { return name }
            return name + "=" + (shown ?? defaultValue.map(Parameter.literal) ?? "none")
        }

        /// A default as it would be written in a call: 0.01, 1e-6, "auto", true, tanh.
        static func literal(_ v: Value) -> String {
            switch v {
            // 1e-6 rather than the display's 1.0e-6: how the default is typed in a call.
            case .number(let x): return ValueDisplay.number(x, pointInMantissa: false)
            case .string(let t): return ValueDisplay.quoted(t)
            case .bool(let b): return b ? "true" : "false"
            case .function(let f): return f.name ?? "function"
            default: return ValueDisplay.display(v)
            }
        }
    }

    /// The family a built-in belongs to, where the tests must treat every member alike: the
    /// conformance loops read it from the registry, so a new optimiser, plot or elementwise
    /// function is checked the moment it is declared.
    public enum Category: Sendable {
        /// Returns the optimiser record (LANGUAGE.md §6): gd, newton, sfn, ….
        case optimiser
        /// Draws in the terminal, or to an SVG file with `file=`: plot, hist, scatter, contour.
        case plot
        /// Applies a scalar function element by element (with broadcasting when it has two
        /// arguments): exp, tanh, mod, ….
        case elementwise
        /// Works over all elements or along one axis: sum, mean, max, logsumexp, and softmax,
        /// which normalises along it.
        case reduction
        /// Anything else.
        case other
    }

    /// The name the language calls it by; registering a second built-in of one name replaces the first.
    public let name: String
    /// Its family (``Category``).
    public let category: Category
    /// How the call is written, with defaults: `classify(f, x, tol=1e-6, gtol=1e-6)`. Generated
    /// from `parameters` (common options left out) unless the entry gives its own, for call forms
    /// that are not one parameter list (`max(x) or max(a, b)`). Generated when asked (for `:help`
    /// and some errors), so that making the registry at start-up does not build a hundred strings.
    public var signature: String { givenSignature ?? Builtin.signature(name, parameters, variadic: variadic) }
    private let givenSignature: String?
    /// One line for listings.
    public let summary: String
    /// The rest of the help: options, defaults, and for optimisers the damped form used.
    public let help: String
    /// The declared parameters, positional ones in binding order; see ``Parameter``.
    public let parameters: [Parameter]
    /// When set, extra positional arguments are accepted (``Arguments/rest``); the string is how
    /// the signature writes them: `"a, b, ..."` gives `print(a, b, ...)`.
    public let variadic: String?
    /// Whether any `name=value` is accepted (collected in ``Arguments/extraNamed``), as `record(a=1)` does.
    public let acceptsAnyName: Bool
    /// Whether it draws a picture beside its work (spectrum's histogram, compare's profile), and so
    /// takes file= as the plot commands do; the plot commands themselves are ``Category/plot``.
    public let draws: Bool
    /// Computes the result from the bound arguments; an ``/SFNSyntax/SFNError`` it throws reaches
    /// the program's caller as it is (make them with ``Arguments/error(_:at:)``).
    public let implementation: (Arguments) throws -> Value

    /// A built-in named `name`, to hand to ``Interpreter/register(_:)``.
    ///
    /// - Parameters:
    ///   - name: What the language calls it.
    ///   - category: Its family, which decides the tests that go over it (``Category``).
    ///   - signature: How `:help` writes the call; generated from `parameters` when nil.
    ///   - summary: One line for `:help` listings.
    ///   - draws: It draws a picture beside its work and takes file= (``draws``).
    ///   - help: The rest of the help text (may be several lines).
    ///   - parameters: The declared parameters; binding and its errors follow from them.
    ///   - variadic: Accept extra positional arguments (``Arguments/rest``), written so in the signature.
    ///   - acceptsAnyName: Accept any `name=value` (``Arguments/extraNamed``).
    ///   - implementation: The computation, called once per call with the bound ``Arguments``.
    ///
    /// ```swift
    /// sfn.register(Builtin("twice", summary: "2·x", parameters: [.required("x")]) { args in
    ///     .number(2 * (try args.number("x")))
    /// })
    /// ```
    public init(_ name: String, category: Category = .other, signature: String? = nil, summary: String, draws: Bool = false, help: String = "",
                parameters: [Parameter], variadic: String? = nil, acceptsAnyName: Bool = false,
                _ implementation: @escaping (Arguments) throws -> Value) {
        self.name = name; self.category = category; self.summary = summary; self.help = help; self.draws = draws
        self.givenSignature = signature
        self.parameters = parameters; self.variadic = variadic; self.acceptsAnyName = acceptsAnyName
        self.implementation = implementation
    }

    /// The text `:help NAME` prints: the signature, the summary, the help, and the ranges the
    /// options accept (from their declarations, so they cannot drift from what is checked).
    public var helpText: String {
        var s = signature + "\n    " + summary
        var body = help
        let ranges = parameters.compactMap { p in p.accepted.map { "\(p.name) \($0.description)" } }
        if !ranges.isEmpty {
            // Wrapped at 96 columns, as the hand-written help is.
            var lines = [""]
            for word in ("Accepted values: " + ranges.joined(separator: "; ") + ".").split(separator: " ") {
                if lines[lines.count - 1].count + word.count >= 96 { lines.append("") }
                lines[lines.count - 1] += (lines[lines.count - 1].isEmpty ? "" : " ") + word
            }
            body += (body.isEmpty ? "" : "\n") + lines.joined(separator: "\n")
        }
        if !body.isEmpty { s += "\n\n" + body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") }
        return s
    }

    /// `name(x, y, a, b, ..., opt=default)`: the positional parameters, the variadic tail, then
    /// the options; common options are left out (the family's help lists them).
    static func signature(_ name: String, _ parameters: [Parameter], variadic: String?) -> String {
        let shown = parameters.filter { !$0.isCommon }
        let positional: [String] = shown.filter { !$0.isNamedOnly }.map(\.signatureText)
        let named: [String] = shown.filter(\.isNamedOnly).map(\.signatureText)
        let parts: [String] = positional + (variadic.map { [$0] } ?? []) + named
        return name + "(" + parts.joined(separator: ", ") + ")"
    }

    /// The names accepted as `name=value`.
    var acceptedNames: String { parameters.map(\.name).joined(separator: ", ") }
}

/// The registry: every built-in by name. ``Interpreter/builtins`` reads it; ``Interpreter/register(_:)``
/// adds to it.
public struct BuiltinRegistry {
    private(set) var entries: [String: Builtin] = [:]
    /// Function values for the entries, made once (a name lookup must not allocate).
    private(set) var values: [String: Value] = [:]

    /// The built-ins of the language core (math, linear algebra, derivatives, output).
    static var core: BuiltinRegistry {
        var r = BuiltinRegistry()
        for b in Builtins.all { r.register(b) }
        return r
    }

    /// Adds or replaces an entry.
    public mutating func register(_ b: Builtin) {
        entries[b.name] = b
        values[b.name] = .function(Function(builtin: b))
    }

    /// The built-in called `name`, if there is one.
    public subscript(name: String) -> Builtin? { entries[name] }

    /// All names, sorted (for completion and `:help`).
    public var names: [String] { entries.keys.sorted() }
}

/// Namespace for the families of built-ins (one extension per file in Builtins/).
package enum Builtins {
    /// Every family's declarations, in registration order. Each name is declared once (a test
    /// checks it): a second declaration would silently replace the first.
    static var all: [Builtin] {
        math + linearAlgebra + arrays + derivatives + output + analysis + comparison + optimisers + plots
            + networks + data + idxFiles
    }
}

/// The arguments of one built-in call, bound to the declared parameters, with typed readers that
/// produce errors located at the offending argument (or at the call when it was not given).
///
/// Every reader takes the parameter's declared name and throws an ``/SFNSyntax/SFNError`` located
/// at that argument (or at the call, when it was left out) naming the built-in:
/// `rosen: 'x' must be a number, got a string`.
public struct Arguments {
    /// The built-in being called.
    public let builtin: Builtin
    /// What the built-in may do besides reading its arguments.
    public let context: CommandContext
    /// The call's location.
    public let location: SourceLocation
    /// Per declared parameter: its value (given or default; nil when absent), whether it was
    /// written in the call, and where.
    private struct Slot {
        var value: Value?
        var given = false
        var location: SourceLocation?
    }
    private let slots: [Slot]
    /// Extra positional arguments of a variadic built-in.
    public let rest: [Value]
    /// Where each of ``rest`` was written.
    public let restLocations: [SourceLocation]
    /// Named arguments that match no parameter, for a built-in with `acceptsAnyName`.
    public let extraNamed: [(name: String, value: Value, location: SourceLocation)]

    /// Binds call arguments to `builtin`'s parameters: positional ones in order, named ones by
    /// name. Generates the errors for too many or too few arguments and unknown names.
    init(builtin: Builtin, interpreter: Interpreter, location: SourceLocation, arguments: [CallArgument]) throws {
        self.builtin = builtin; self.context = CommandContext(interpreter); self.location = location
        let ps = builtin.parameters
        var slots: [Slot] = []
        slots.reserveCapacity(ps.count)
        for _ in ps { slots.append(Slot()) }
        var rest: [Value] = [], restLocs: [SourceLocation] = []
        var extra: [(name: String, value: Value, location: SourceLocation)] = []
        var p = 0, positionalCount = 0
        for a in arguments {
            guard let name = a.name else {
                positionalCount += 1
                while p < ps.count && ps[p].isNamedOnly { p += 1 }
                if p < ps.count {
                    slots[p] = Slot(value: a.value, given: true, location: a.location); p += 1
                } else if builtin.variadic != nil {
                    rest.append(a.value); restLocs.append(a.location)
                } else {
                    let most = ps.filter { !$0.isNamedOnly }.count
                    let given = arguments.filter { $0.name == nil }.count
                    throw SFNError("\(builtin.name) takes \(Arguments.count(most, "positional argument")), got \(given)",
                                   at: a.location)
                }
                continue
            }
            guard let i = ps.firstIndex(where: { $0.name == name }) else {
                if builtin.acceptsAnyName {
                    if extra.contains(where: { $0.name == name }) {
                        throw SFNError("argument '\(name)' of \(builtin.name) is given twice", at: a.location)
                    }
                    extra.append((name, a.value, a.location)); continue
                }
                let accepted = ps.isEmpty ? "it takes no named arguments" : "accepted: " + builtin.acceptedNames
                throw SFNError("unknown named argument '\(name)' for \(builtin.name); \(accepted)", at: a.location)
            }
            if slots[i].given { throw SFNError("argument '\(name)' of \(builtin.name) is given twice", at: a.location) }
            slots[i] = Slot(value: a.value, given: true, location: a.location)
        }
        // Every given argument against its declared range, read later or not.
        for (i, param) in ps.enumerated() where slots[i].given {
            if let v = slots[i].value, let e = param.rangeError(v, of: builtin.name, at: slots[i].location ?? location) { throw e }
        }
        for (i, param) in ps.enumerated() where !slots[i].given {
            if param.isRequired {
                let needed = ps.filter(\.isRequired).count
                throw SFNError("\(builtin.name) expects \(Arguments.count(needed, "argument")) (\(builtin.signature)), got \(positionalCount)",
                               at: location)
            }
            slots[i].value = param.defaultValue
        }
        self.slots = slots
        self.rest = rest; self.restLocations = restLocs; self.extraNamed = extra
    }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    private func slot(_ name: String) -> Int {
        let n = name.utf8.count
        guard let i = builtin.parameters.firstIndex(where: { $0.name.utf8.count == n && $0.name == name }) else {
            // A built-in reading a parameter it did not declare is a bug in that built-in's entry.
            assertionFailure("\(builtin.name) has no parameter '\(name)'")
            return -1
        }
        return i
    }

    /// Whether the argument was written in the call (not defaulted).
    public func has(_ name: String) -> Bool { let i = slot(name); return i >= 0 && slots[i].given }

    /// The argument's value (given or default), nil when absent.
    public func value(_ name: String) -> Value? { let i = slot(name); return i >= 0 ? slots[i].value : nil }

    /// Where the argument was written, or the call's location.
    public func location(of name: String) -> SourceLocation {
        let i = slot(name)
        return (i >= 0 ? slots[i].location : nil) ?? location
    }

    /// An error about argument `name`, located at it: "grad: x must be …".
    public func error(_ message: String, at name: String? = nil) -> SFNError {
        SFNError("\(builtin.name): \(message)", at: name.map(location(of:)) ?? location)
    }

    /// The argument, which must be present.
    public func required(_ name: String) throws -> Value {
        guard let v = value(name) else { throw error("missing argument '\(name)'", at: name) }
        return v
    }

    private func concrete(_ name: String, _ v: Value) throws {
        if v.isTraced {
            throw error("'\(name)' must be a concrete value, but it depends on the objective's parameters", at: name)
        }
    }

    /// A number (a bool is not accepted).
    public func number(_ name: String) throws -> Double {
        let v = try required(name)
        try concrete(name, v)
        if case .number(let x) = v { return x }
        if case .tensor(let t) = v, t.count == 1 { return t.scalars[0] }
        throw error("'\(name)' must be a number, got \(v.kindDescription)", at: name)
    }

    /// A number if given (or defaulted), else nil.
    public func optionalNumber(_ name: String) throws -> Double? {
        value(name) == nil ? nil : try number(name)
    }

    /// A whole number in `range` (by default the parameter's declared ``Builtin/Accepted/whole(_:)`` range).
    public func int(_ name: String, in range: ClosedRange<Int>? = nil) throws -> Int {
        let range = range ?? declaredWholeRange(name) ?? Int.min...Int.max
        let x = try number(name)
        guard x.isFinite, x == x.rounded() else {
            throw error("'\(name)' must be a whole number, got \(ValueDisplay.number(x))", at: name)
        }
        guard abs(x) < 9e15 else { throw error("'\(name)' is too large, got \(ValueDisplay.number(x))", at: name) }
        let n = Int(x)
        guard range.contains(n) else {
            let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            throw error("'\(name)' must be \(bound), got \(n)", at: name)
        }
        return n
    }

    /// A whole number in `range` if given (or defaulted), else nil.
    public func optionalInt(_ name: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        value(name) == nil ? nil : try int(name, in: range)
    }

    private func declaredWholeRange(_ name: String) -> ClosedRange<Int>? {
        let i = slot(name)
        guard i >= 0, case .whole(let r) = builtin.parameters[i].accepted else { return nil }
        return r
    }

    /// A bool (`true`/`false`; a number is not accepted).
    public func bool(_ name: String) throws -> Bool {
        let v = try required(name)
        if case .bool(let b) = v { return b }
        throw error("'\(name)' must be true or false, got \(v.kindDescription)", at: name)
    }

    /// A string.
    public func string(_ name: String) throws -> String {
        let v = try required(name)
        if case .string(let s) = v { return s }
        throw error("'\(name)' must be a string, got \(v.kindDescription)", at: name)
    }

    /// A concrete tensor (a number becomes a one-element vector only if `allowNumber`).
    public func tensor(_ name: String) throws -> Tensor {
        let v = try required(name)
        try concrete(name, v)
        switch v {
        case .tensor(let t): return t
        case .number(let x): return Tensor(x)
        default: throw error("'\(name)' must be a tensor, got \(v.kindDescription)", at: name)
        }
    }

    /// A vector of numbers: a vector, a number (one element) or a list of numbers.
    public func vector(_ name: String) throws -> [Double] {
        let v = try required(name)
        try concrete(name, v)
        switch v {
        case .number(let x): return [x]
        case .tensor(let t) where t.rank == 1: return t.scalars
        case .list(let items):
            var out: [Double] = []
            for item in items {
                guard case .number(let x) = item else { break }
                out.append(x)
            }
            if out.count == items.count { return out }
        default: break
        }
        throw error("'\(name)' must be a vector, got \(v.kindDescription)", at: name)
    }

    /// A matrix (rank-2 tensor).
    public func matrix(_ name: String) throws -> Tensor {
        let t = try tensor(name)
        guard t.rank == 2 else { throw error("'\(name)' must be a matrix, got \(Value.from(t).kindDescription)", at: name) }
        return t
    }

    /// A function value: a user function, a lambda or a built-in.
    public func function(_ name: String) throws -> Function {
        let v = try required(name)
        if case .function(let f) = v { return f }
        throw error("'\(name)' must be a function, got \(v.kindDescription)", at: name)
    }

    /// A record (a command's result, `record(...)`, a dataset).
    public func record(_ name: String) throws -> Record {
        let v = try required(name)
        if case .record(let r) = v { return r }
        throw error("'\(name)' must be a record, got \(v.kindDescription)", at: name)
    }

    /// `"auto"` or a number λ ≥ 0.
    public func damping(_ name: String) throws -> Damping {
        let v = try required(name)
        if case .string(let s) = v {
            guard s == "auto" else { throw error("'\(name)' must be \"auto\" or a number, got \"\(s)\"", at: name) }
            return .auto
        }
        let x = try number(name)
        guard x >= 0, x.isFinite else { throw error("'\(name)' must be \"auto\" or a number ≥ 0, got \(ValueDisplay.number(x))", at: name) }
        return .fixed(x)
    }

    /// The objective in argument `function` and the starting point in argument `start`, with the
    /// options `data=` and `shapes=` when the built-in declares them: what
    /// ``CommandContext/compile(_:)-(ObjectiveRequest)`` compiles.
    @inline(__always)
    public func objectiveRequest(_ function: String = "f", start: String = "x") throws -> ObjectiveRequest {
        let f = try self.function(function)
        let x = try required(start)
        try concrete(start, x)
        let declares = { (n: String) in builtin.parameters.contains { $0.name == n } }
        return ObjectiveRequest(function: f, start: x, startLocation: location(of: start),
                                shapes: declares("shapes") ? value("shapes") : nil,
                                shapesLocation: declares("shapes") ? location(of: "shapes") : nil,
                                data: declares("data") ? value("data") : nil, at: location)
    }
}
