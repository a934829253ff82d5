// The runtime values of the language (LANGUAGE.md §2).
import SFNNumerics
import SFNTape
import SFNSyntax

/// A value of the sfn language.
///
/// Invariants the interpreter keeps:
/// - a `.tensor` has rank 1 or more; a rank-0 result of a tensor operation becomes a `.number`;
/// - vectors are rank 1 (there are no row or column vectors), matrices rank 2;
/// - `.traced` exists only while an objective is being compiled (see `Tracing.swift`): it is a
///   node of the graph under construction and must never outlive that compilation.
public enum Value {
    /// An IEEE double: `3`, `2.5`, `inf`, `nan`.
    case number(Double)
    /// `true` or `false`: what comparisons, `and`, `or` and `not` give; `if` and `assert` take.
    case bool(Bool)
    /// Text, from a literal `"…"` or a built-in; `print` writes it without quotes.
    case string(String)
    /// A vector, a matrix or a higher-rank array of doubles (row-major), rank ≥ 1.
    case tensor(Tensor)
    /// A bracket literal whose elements are not all numbers, or the result of a generator that
    /// does not stack into a tensor.
    case list([Value])
    /// A user function, a lambda or a built-in.
    case function(Function)
    /// Named fields in order: the result of a command, `record(a=1)`, a dataset (`x`, `y`, `n`).
    case record(Record)
    /// A value implemented in Swift by a later layer (networks): see ``NativeValue``.
    case native(any NativeValue)
    /// The value of statements and of `print`; never displayed.
    case nothing
    /// A node of the objective being compiled: what a parameter (and everything computed from it)
    /// is while the objective's body runs under the tracer.
    case traced(Traced)

    /// The kind's name as messages use it: "a number", "a vector", "a 2×3 matrix", …
    public var kindDescription: String {
        switch self {
        case .number: return "a number"
        case .bool: return "a bool"
        case .string: return "a string"
        case .tensor(let t): return Value.describe(shape: t.shape)
        case .list: return "a list"
        case .function: return "a function"
        case .record(let r): return r.typeName.map { "a \($0)" } ?? "a record"
        case .native(let n): return "a \(n.typeName)"
        case .nothing: return "nothing"
        case .traced: return "a value that depends on the objective's parameters"
        }
    }

    static func describe(shape s: [Int]) -> String {
        switch s.count {
        case 0: return "a number"
        case 1: return "a vector of length \(s[0])"
        case 2: return "a \(s[0])×\(s[1]) matrix"
        default: return "a tensor of shape \(shapeText(s))"
        }
    }

    /// A vector value.
    public static func vector(_ xs: [Double]) -> Value { .tensor(Tensor(xs)) }

    /// A tensor value, or a number when the tensor has rank 0 (the language has no rank-0 tensors).
    public static func from(_ t: Tensor) -> Value { t.isScalar ? .number(t.scalars[0]) : .tensor(t) }

    /// The value as a number, when it is one (a bool is not).
    public var number: Double? { if case .number(let x) = self { return x }; return nil }

    /// The value as a Swift array of doubles: a number gives one element, a tensor its elements
    /// in row-major order.
    public var doubles: [Double]? {
        switch self {
        case .number(let x): return [x]
        case .tensor(let t): return t.scalars
        default: return nil
        }
    }

    /// Whether this is a traced value (it depends on the parameters of an objective being compiled).
    public var isTraced: Bool { if case .traced = self { return true }; return false }
}

/// A node of the graph under construction, tagged with the compilation it belongs to so that a
/// value which somehow escapes its objective is reported instead of being used in another graph.
public struct Traced {
    /// The node of the graph under construction (SFNTape's ``/SFNTape/Graph``).
    public let node: Node
    let tracer: Int
}

/// Named fields in order. Records are small (a command's result has about a dozen fields), so
/// lookup is a linear scan.
public struct Record {
    /// The field names, in order.
    public private(set) var names: [String] = []
    /// The field values, in the order of ``names``.
    public private(set) var values: [Value] = []
    /// What the record stands for, for messages and display (`"dataset"`); nil for a plain record.
    public var typeName: String?

    /// A record of `fields` in order (a repeated name keeps its first position and last value).
    ///
    /// ```swift
    /// .record(Record([("kind", .string("saddle")), ("index", .number(1))]))   // (kind = "saddle", index = 1)
    /// ```
    public init(_ fields: [(String, Value)] = [], typeName: String? = nil) {
        for (n, v) in fields { self[n] = v }
        self.typeName = typeName
    }

    /// The field's value; setting adds the field at the end, or replaces it in place.
    public subscript(name: String) -> Value? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let i = names.firstIndex(of: name) {
                if let v = newValue { values[i] = v } else { names.remove(at: i); values.remove(at: i) }
            } else if let v = newValue {
                names.append(name); values.append(v)
            }
        }
    }

    /// The fields as name–value pairs, in order.
    public var fields: [(name: String, value: Value)] { Array(zip(names, values)) }
}

/// A function value: a user definition `f(x, y) = …`, a lambda `x -> …`, or a built-in.
/// Functions are compared by identity; compiled objectives are cached per function object.
public final class Function {
    enum Body {
        case user(parameters: [String], body: Expr, environment: Environment)
        case builtin(Builtin)
    }

    /// The name it was defined with; nil for a lambda.
    public let name: String?
    /// Where it was defined (nil for built-ins).
    public let location: SourceLocation?
    let body: Body

    init(name: String?, parameters: [String], body: Expr, environment: Environment, location: SourceLocation) {
        self.name = name; self.location = location
        self.body = .user(parameters: parameters, body: body, environment: environment)
    }

    init(builtin: Builtin) {
        name = builtin.name; location = nil; body = .builtin(builtin)
    }

    /// The parameter names (for a built-in: its declared parameters).
    public var parameters: [String] {
        switch body {
        case .user(let ps, _, _): return ps
        case .builtin(let b): return b.parameters.map(\.name)
        }
    }

    /// Whether it is a built-in (rather than a user function or lambda).
    public var isBuiltin: Bool { if case .builtin = body { return true }; return false }

    /// How messages name it: `f`, or "the function" for a lambda.
    public var displayName: String { name ?? "the function" }
}

/// A value implemented in Swift by a later layer (a network from `mlp(...)`): it names its kind,
/// displays itself, may have fields (`net.size`) and may be callable (`net(w, X)`).
public protocol NativeValue: AnyObject {
    /// "network", …
    var typeName: String { get }
    /// The display text.
    var displayText: String { get }
    /// The field `name`, or nil when there is none.
    func field(_ name: String) -> Value?
    /// The names `field` answers, for messages.
    var fieldNames: [String] { get }
    /// Calls the value. Arguments may be traced; use ``Interpreter/graphOperation(_:at:what:_:)``
    /// to compute with them.
    func call(_ arguments: [Value], interpreter: Interpreter, at location: SourceLocation) throws -> Value
}

extension NativeValue {
    public func field(_ name: String) -> Value? { nil }
    public var fieldNames: [String] { [] }
    public func call(_ arguments: [Value], interpreter: Interpreter, at location: SourceLocation) throws -> Value {
        throw SFNError("cannot call a \(typeName)", at: location)
    }
}

// MARK: Swift values for embedders

extension Value {
    /// The value as a plain Swift value: `Double`, `Bool`, `String`, `[Double]` (vector),
    /// `[[Double]]` (matrix, by rows), `[Any]` (list, or a tensor of rank ≥ 3 flattened),
    /// `[String: Any]` (record), `nil` for nothing; functions and other kinds as their display text.
    public var swiftValue: Any? {
        switch self {
        case .number(let x): return x
        case .bool(let b): return b
        case .string(let s): return s
        case .tensor(let t):
            if t.rank == 1 { return t.scalars }
            if t.rank == 2 {
                let c = t.shape[1]
                return (0..<t.shape[0]).map { Array(t.scalars[$0 * c..<($0 + 1) * c]) }
            }
            return t.scalars
        case .list(let items): return items.map(\.plainSwiftElement)
        case .record(let r):
            var d: [String: Any] = [:]
            for (n, v) in r.fields { d[n] = v.plainSwiftElement }
            return d
        case .nothing: return nil
        default: return ValueDisplay.display(self)
        }
    }

    /// An element of a list or a field of a record as Swift sees it: the plain value itself (not an
    /// `Optional` boxed in `Any`, which would print as `Optional(…)`); only nothing stays a nil.
    private var plainSwiftElement: Any {
        if let v = swiftValue { return v }
        return Optional<Any>.none as Any
    }

    /// A matrix's rows, when the value is a matrix.
    public var matrixRows: [[Double]]? {
        guard case .tensor(let t) = self, t.rank == 2 else { return nil }
        return swiftValue as? [[Double]]
    }
}

extension Value {
    /// A matrix value from its rows (all of one length): the inverse of ``matrixRows``.
    public static func matrix(_ rows: [[Double]]) -> Value {
        .tensor(Tensor(shape: [rows.count, rows.first?.count ?? 0], scalars: rows.flatMap { $0 }))
    }

    /// A value from a plain Swift value, for binding into an interpreter: `Double`, `Int`, `Bool`,
    /// `String`, `[Double]` or `[Int]` (vector), `[[Double]]` (matrix; rows of one length),
    /// `[String: Any]` (record, fields in key order), `[Any]` (list), or a `Value`. Nil for
    /// anything else. The inverse of ``swiftValue`` for these kinds.
    public init?(swift: Any) {
        switch swift {
        case let v as Value: self = v
        case let b as Bool: self = .bool(b)
        case let x as Double: self = .number(x)
        case let n as Int: self = .number(Double(n))
        case let s as String: self = .string(s)
        case let xs as [Double]: self = .vector(xs)
        case let ns as [Int]: self = .vector(ns.map(Double.init))
        case let rows as [[Double]]:
            guard let width = rows.first?.count, width > 0, rows.allSatisfy({ $0.count == width }) else { return nil }
            self = .matrix(rows)
        case let d as [String: Any]:
            var fields: [(String, Value)] = []
            for key in d.keys.sorted() {
                guard let v = Value(swift: d[key]!) else { return nil }
                fields.append((key, v))
            }
            self = .record(Record(fields))
        case let items as [Any]:
            var values: [Value] = []
            for item in items {
                guard let v = Value(swift: item) else { return nil }
                values.append(v)
            }
            self = .list(values)
        default: return nil
        }
    }
}
