/// The syntax tree the parser produces and the interpreter walks. Every node carries a location:
/// a node introduced by an operator or keyword sits at that token (a binary operation or range at
/// its operator, a call at its `(`, an index at `[`, a field at `.`, a transpose at `'`, a lambda at
/// `->`, a conditional at `if`, a generator at `for`); names, literals, brackets and statements at
/// their first character; blocks at their `{`. See the top of Parser.swift.
package struct Expr: Sendable {
    package indirect enum Kind: Sendable {
        /// `3`, `2.5`, `1e-4` (`inf`, `nan`, `pi` are names bound in the global scope).
        case number(Double)
        case string(String)
        case bool(Bool)
        /// A variable or function name. Inside an index, `end` is the name "end".
        case name(String)
        /// `[a, b; c, d]`: rows separated by `;`, elements by `,`. A single row is a vector (or a
        /// list when its elements are not all numbers: decided at run time). `[]` is empty.
        case bracket(rows: [[Expr]])
        /// `[body for v in iter]`.
        case comprehension(body: Expr, variable: String, iterable: Expr)
        /// `body for v in iter` as the sole argument of a call: `sum((x[i] - 1)^2 for i in 1:n)`.
        case generator(body: Expr, variable: String, iterable: Expr)
        /// `lo:hi` inclusive, or `lo:step:hi`.
        case range(lo: Expr, step: Expr?, hi: Expr)
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `f(a, b, name=v)`.
        case call(callee: Expr, arguments: [Argument])
        /// `x[i]`, `A[i, j]`, `x[2:4]`, `A[:, 1]`, `x[end]`.
        case index(base: Expr, subscripts: [Subscript])
        /// `r.name`.
        case field(base: Expr, name: String)
        /// `A'`.
        case transpose(Expr)
        /// `x -> body`, `(a, b) -> body`.
        case lambda(parameters: [String], body: Expr)
        /// `{ s1; s2; expr }`: the value is the last statement's value if it is an expression,
        /// otherwise nothing.
        case block([Stmt])
        /// `if c then a else b`.
        case conditional(condition: Expr, then: Expr, else: Expr)
    }

    package var kind: Kind
    package var location: SourceLocation

    package init(_ kind: Kind, at location: SourceLocation) { self.kind = kind; self.location = location }
}

package enum UnaryOperator: String, Sendable { case negate = "-", not = "not" }

package enum BinaryOperator: String, Sendable {
    case power = "^"
    case multiply = "*", divide = "/", matmul = "@"
    case add = "+", subtract = "-"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    case and = "and", or = "or"
}

/// One call argument, positional (`name == nil`) or named.
package struct Argument: Sendable {
    package var name: String?
    package var value: Expr
    package var location: SourceLocation
    package init(name: String?, value: Expr, at location: SourceLocation) {
        self.name = name; self.value = value; self.location = location
    }
}

/// One subscript inside `[ ]`.
package enum Subscript: Sendable {
    /// A position or a vector of positions (`x[i]`, `x[2:4]` is a `.single(range)`).
    case single(Expr)
    /// A bare `:`: every position along the axis.
    case all
}

package struct Stmt: Sendable {
    package indirect enum Kind: Sendable {
        /// `x = expr`.
        case assign(name: String, value: Expr)
        /// `x[i] = v`, `A[i, j] = v`, `x[2:3] = v`, `A[:, 1] = v`, `x[end] = v`, `L[2] = v`: the
        /// elements of the value bound to the plain name `name` that `subscripts` select (by the
        /// rules of reading `x[i]`) are replaced by `value`, and `name` is rebound to that modified
        /// copy (value semantics: see EvaluateIndexedAssignment.swift). `index` is the location of
        /// the `[`; the statement's own location is the name's.
        case indexAssign(name: String, subscripts: [Subscript], value: Expr, index: SourceLocation)
        /// `f(x, y) = body`.
        case function(name: String, parameters: [String], body: Expr)
        /// An expression statement; `silent` when it ends in `;`.
        case expression(Expr, silent: Bool)
        /// `assert cond` / `assert cond, "message"`.
        case assert(condition: Expr, message: Expr?)
        /// `import "name"`.
        case importModule(String)
        /// `for v in iter { body }`.
        case forLoop(variable: String, iterable: Expr, body: [Stmt])
        /// `if c { … } else if d { … } else { … }` (an `else if` nests as a one-statement else).
        case ifStatement(condition: Expr, then: [Stmt], else: [Stmt]?)
    }

    package var kind: Kind
    package var location: SourceLocation

    package init(_ kind: Kind, at location: SourceLocation) { self.kind = kind; self.location = location }
}

/// A parsed source text.
package struct Program: Sendable {
    package var statements: [Stmt]
    package var source: SourceText
    package init(statements: [Stmt], source: SourceText) { self.statements = statements; self.source = source }
}
