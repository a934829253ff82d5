/// The parser: tokens (Lexer.swift) → the syntax tree (AST.swift), for LANGUAGE.md §1, §3, §4.
///
/// Statements are parsed by recursive descent, expressions by a Pratt parser driven by one table,
/// `Parser.rules`: a row per token saying how it starts an expression (prefix), how it continues
/// one (infix) and how tightly it binds. That table is the only place the precedence of §3 lives.
///
/// Line ends. The lexer emits every line end; the parser decides which ones matter:
/// - at top level and directly inside a block `{ … }`, a line end ends a statement (as does `;`,
///   which also makes an expression statement silent). LANGUAGE.md's "except inside `{ }`" is
///   read as: statements inside a block are separated by line ends or `;` exactly as at top
///   level, while a line end inside `( )` or `[ ]` — even within a block — is ignored;
/// - after a binary operator, a unary operator, `=`, `->`, `,`, `then`, `else` and `in` a line
///   end is ignored, since the construct is not finished;
/// - a line end may also come before `then`, `else`, or the `{` that opens an `if`/`for` body.
///
/// Locations (one convention for the whole tree):
/// - a node introduced by an operator or keyword is located at that token: binary operations and
///   ranges at their (first) operator, unary operations at the `-`/`not`, calls at their `(`,
///   indexing at its `[`, field access at its `.`, transposes at the `'`, lambdas at the `->`,
///   `if … then … else` at the `if`, a generator at its `for`;
/// - names and literals at their first character; bracket literals and comprehensions at their
///   `[`, blocks at their `{`; a parenthesised expression has no node of its own;
/// - a call argument at its first character (a named one at its name);
/// - a statement at its first character (an assignment or definition at the name being bound).
/// So "wrong number of arguments" points at the `(` of the call, a bad operand at its operator.
///
/// Errors say what was expected and what was found, located at the offending token (or where the
/// input ended). An error is `isIncompleteInput` when only line ends follow the offending token —
/// that is, when more input could still complete the program (an open bracket or block, a
/// trailing operator or comma, `if c then a` with no `else` yet, an unterminated string) — so the
/// REPL reads another line. Nesting deeper than `Parser.maxDepth` is an error, never a crash.
/// (Each parenthesis, bracket, unary operator, right-associative `^`, statement and block is a
/// level; at the limit the parser needs about 1 MiB of stack in a release build and 1.5 MiB in
/// a debug build, so parse on the main thread or a thread with at least 2 MiB of stack.)
package enum Parser {
    /// Parses a whole program (a script, a REPL entry, a `-e` snippet).
    ///
    /// Uses typed throws: the only error is an `SFNError` with its location, `sourceLine` filled
    /// from `source`, and `isIncompleteInput` set when the input merely ended too early.
    package static func parse(_ source: SourceText) throws(SFNError) -> Program {
        var state = ParserState(source)
        do {
            return Program(statements: try state.parseStatements(closer: .endOfInput), source: source)
        } catch let error as SFNError {
            throw error
        } catch {
            // Unreachable: the parser throws nothing else.
            throw SFNError("internal parser error: \(error)", at: SourceLocation(file: source.name, line: 1, column: 1))
        }
    }

    /// How deeply expressions, brackets and blocks may nest.
    static let maxDepth = 200
    /// Longest chain of operators at one level (`1 + 1 + …`, `f(1)(2)…`). A chain nests to the left
    /// in the tree, and evaluating it recurses once per operator, so it is bounded like nesting.
    static let maxChain = 20_000

    // MARK: The expression grammar

    /// The row of `rules` for a token (out of line: it keeps hashing off the recursive path).
    @inline(never)
    static func rule(for kind: TokenKind) -> Rule? { rules[kind] }

    /// Binding strength, loosest first: LANGUAGE.md §3 read bottom to top.
    enum Precedence: Int, Comparable {
        case lowest, or, and, comparison, range, sum, product, unary, power, postfix
        static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
        /// One step tighter: the right operand of a left-associative operator.
        var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .postfix }
    }

    enum Associativity { case left, right, none }

    /// How a token begins an expression.
    enum Prefix {
        case literal, name, end, grouping, bracket, block, conditional
        /// A prefix operator and how tightly its operand binds.
        case unary(UnaryOperator, operand: Precedence)
    }

    /// How a token continues an expression already parsed on its left.
    enum Infix { case binary(BinaryOperator), range, call, index, field, transpose }

    struct Rule {
        var prefix: Prefix?
        var infix: Infix?
        var precedence: Precedence
        var associativity: Associativity
        init(_ prefix: Prefix?, _ infix: Infix?, _ precedence: Precedence = .lowest,
             _ associativity: Associativity = .left) {
            self.prefix = prefix; self.infix = infix
            self.precedence = precedence; self.associativity = associativity
        }
    }

    /// The grammar of expressions, one row per token (LANGUAGE.md §3; row numbers are §3's).
    /// Lambdas (`x -> …`, `(a, b) -> …`) start from `name` and `(` and, like `if`, extend as far
    /// right as possible. Tokens without a row (`,` `;` `)` `then` …) end an expression.
    static let rules: [TokenKind: Rule] = [
        //                     prefix                              infix              precedence   assoc
        .leftParen:    Rule(.grouping,                         .call,             .postfix),   // 1
        .leftBracket:  Rule(.bracket,                          .index,            .postfix),   // 1
        .dot:          Rule(nil,                               .field,            .postfix),   // 1
        .quote:        Rule(nil,                               .transpose,        .postfix),   // 1
        .caret:        Rule(nil,                               .binary(.power),   .power, .right),  // 2
        .notKeyword:   Rule(.unary(.not, operand: .unary),     nil),                           // 3
        .minus:        Rule(.unary(.negate, operand: .unary),  .binary(.subtract), .sum),      // 3, 5
        .star:         Rule(nil,                               .binary(.multiply), .product),  // 4
        .slash:        Rule(nil,                               .binary(.divide),  .product),   // 4
        .at:           Rule(nil,                               .binary(.matmul),  .product),   // 4
        .plus:         Rule(nil,                               .binary(.add),     .sum),       // 5
        .colon:        Rule(nil,                               .range,            .range, .none),  // 6
        .less:         Rule(nil,                               .binary(.less),    .comparison, .none),  // 7
        .lessEqual:    Rule(nil,                               .binary(.lessEqual), .comparison, .none),
        .greater:      Rule(nil,                               .binary(.greater), .comparison, .none),
        .greaterEqual: Rule(nil,                               .binary(.greaterEqual), .comparison, .none),
        .equalEqual:   Rule(nil,                               .binary(.equal),   .comparison, .none),
        .bangEqual:    Rule(nil,                               .binary(.notEqual), .comparison, .none),
        .andKeyword:   Rule(nil,                               .binary(.and),     .and),       // 8
        .orKeyword:    Rule(nil,                               .binary(.or),      .or),        // 8
        .ifKeyword:    Rule(.conditional,                      nil),                           // 9
        .number:       Rule(.literal,                          nil),
        .string:       Rule(.literal,                          nil),
        .trueKeyword:  Rule(.literal,                          nil),
        .falseKeyword: Rule(.literal,                          nil),
        .name:         Rule(.name,                             nil),
        .endKeyword:   Rule(.end,                              nil),
        .leftBrace:    Rule(.block,                            nil),
    ]
}

/// The cursor over the tokens of one parse, and the grammar functions.
///
/// These throw only `SFNError`, but with untyped `throws`: a typed throw of a type as large as
/// `SFNError` reserves an error buffer in every caller's frame at every call site, which made
/// each level of nesting cost kilobytes of stack.
package struct ParserState {
    typealias Precedence = Parser.Precedence

    let source: SourceText
    let tokens: [Token]
    let lexError: SFNError?
    /// Index of the next unconsumed token; always valid (the last token is never consumed).
    var position = 0
    /// Whether a line end is a token here (top level, blocks) or whitespace (inside `( )`, `[ ]`).
    var newlineMatters: [Bool] = [true]
    var depth = 0
    /// How many index brackets `x[ … ]` enclose the current token (`end` is a name inside).
    var indexDepth = 0

    init(_ source: SourceText) {
        self.source = source
        let (tokens, error) = Lexer.scan(source)
        self.tokens = tokens
        self.lexError = error
    }

    // MARK: Cursor

    /// Index of the current token, past line ends where they do not matter.
    var currentIndex: Int {
        var i = position
        if newlineMatters.last == false {
            while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
        }
        return i
    }

    var current: Token { tokens[currentIndex] }
    var currentKind: TokenKind { tokens[currentIndex].kind }

    /// The kind of the token `offset` places after the current one (line ends skipped as above).
    func peekKind(_ offset: Int) -> TokenKind {
        var i = currentIndex
        var remaining = offset
        while remaining > 0, i < tokens.count - 1 {
            i += 1
            if newlineMatters.last == false, tokens[i].kind == .newline { continue }
            remaining -= 1
        }
        return tokens[i].kind
    }

    /// Moves past the current token.
    mutating func advance() {
        position = min(currentIndex + 1, tokens.count - 1)
    }

    /// The current token, moving past it.
    mutating func take() -> Token {
        let i = currentIndex
        position = min(i + 1, tokens.count - 1)
        return tokens[i]
    }

    mutating func skipNewlines() {
        while position < tokens.count - 1, tokens[position].kind == .newline { position += 1 }
    }

    /// Whether the first token after any line ends is `kind`; if so, the line ends are skipped.
    mutating func skipNewlines(before kind: TokenKind) -> Bool {
        var i = position
        while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
        guard tokens[i].kind == kind else { return false }
        position = i
        return true
    }

    mutating func expect(_ kind: TokenKind, _ what: @autoclosure () -> String) throws -> Token {
        guard currentKind == kind else { throw expected(what()) }
        return take()
    }

    /// Consumes the `)`, `]` or `}` that closes `open`, or fails saying which bracket is open.
    @inline(never)
    mutating func close(_ kind: TokenKind, _ open: Token) throws {
        guard currentKind == kind else {
            throw expected("'\(kind.rawValue)' to close '\(open.kind.rawValue)' at \(ParserState.position(open))")
        }
        advance()
    }

    @inline(never)
    mutating func enter() throws {
        depth += 1
        if depth > Parser.maxDepth {
            throw failure("expression nested too deeply (more than \(Parser.maxDepth) levels)",
                          at: current.location)
        }
    }

    // MARK: Errors

    /// An error at the current token. At the lexer's `.invalid` token, the lexer's error instead.
    @inline(never)
    func unexpected(_ message: String) -> SFNError {
        let i = currentIndex
        if tokens[i].kind == .invalid, let lexError { return lexError }
        let location = tokens[i].location
        let incomplete = tokens[i...].allSatisfy { $0.kind == .newline || $0.kind == .endOfInput }
        return SFNError(message, at: location, sourceLine: source.line(location.line),
                        isIncompleteInput: incomplete)
    }

    /// `expected X, found Y` at the current token.
    @inline(never)
    func expected(_ what: String) -> SFNError {
        let found = current
        var hint = ""
        switch found.kind {
        case .equal: hint = " (use '==' to compare)"
        case .arrow: hint = " (a lambda's parameters are names: x -> …, (a, b) -> …)"
        default: break
        }
        return unexpected("expected \(what), found \(found.quoted)\(hint)")
    }

    /// An error somewhere other than the current token; never incomplete input.
    @inline(never)
    func failure(_ message: String, at location: SourceLocation) -> SFNError {
        if current.kind == .invalid, let lexError { return lexError }
        return SFNError(message, at: location, sourceLine: source.line(location.line))
    }

    static func position(_ token: Token) -> String { "\(token.location.line):\(token.location.column)" }

    // MARK: Expressions (the Pratt loop)

    /// An expression whose infix operators all bind at least as tightly as `minimum`.
    mutating func parseExpression(_ minimum: Precedence = .lowest) throws -> Expr {
        try enter()
        defer { depth -= 1 }
        guard let prefix = Parser.rule(for: currentKind)?.prefix else { throw expectedExpression() }
        var left = try parsePrefix(prefix)
        var nonAssociative: Precedence? = nil
        var chain = 0
        while let rule = Parser.rule(for: currentKind), let infix = rule.infix, rule.precedence >= minimum {
            if rule.precedence == nonAssociative { throw chainedError(rule.precedence) }
            chain += 1
            if chain > Parser.maxChain {
                throw failure("expression too long (more than \(Parser.maxChain) operators in a row); split it with intermediate variables or use sum(... for i in ...)",
                              at: current.location)
            }
            left = try parseInfix(infix, rule, left: left)
            nonAssociative = rule.associativity == .none ? rule.precedence : nil
        }
        return left
    }

    @inline(never)
    func chainedError(_ precedence: Precedence) -> SFNError {
        unexpected(precedence == .range
            ? "a range has at most three parts (lo:hi or lo:step:hi)"
            : "comparisons do not chain: write a < b and b < c")
    }

    @inline(never)
    func expectedExpression() -> SFNError {
        switch current.kind {
        case .quote: return unexpected("unexpected \"'\" (strings use double quotes: \"text\")")
        case .star where currentIndex > 0 && tokens[currentIndex - 1].kind == .star:
            // `x**2` (Python, Fortran): the second '*' where an operand should start.
            return unexpected("'**' is not an operator; write x^2 for a power")
        default: return expected("an expression")
        }
    }

    // Each rule is its own small function, kept out of line: the recursion passes through them,
    // and one big inlined function would need kilobytes of stack per level of nesting.

    mutating func parsePrefix(_ prefix: Parser.Prefix) throws -> Expr {
        switch prefix {
        case .literal: return parseLiteral()
        case .name: return try parseName()
        case .end: return try parseEnd()
        case .grouping: return try parseGrouping()
        case .bracket: return try parseBracket()
        case .block: return try parseBlock()
        case .conditional: return try parseConditional()
        case .unary(let op, let operand): return try parseUnary(op, operand: operand)
        }
    }

    mutating func parseInfix(_ infix: Parser.Infix, _ rule: Parser.Rule, left: Expr) throws -> Expr {
        switch infix {
        case .binary(let op): return try parseBinary(op, rule, left: left)
        case .range: return try parseRange(left: left)
        case .call: return try parseCall(callee: left)
        case .index: return try parseIndex(base: left)
        case .field: return try parseField(base: left)
        case .transpose: return Expr(.transpose(left), at: take().location)
        }
    }

    @inline(never)
    mutating func parseLiteral() -> Expr {
        let token = take()
        switch token.kind {
        case .number: return Expr(.number(token.numberValue), at: token.location)
        case .string: return Expr(.string(token.stringValue), at: token.location)
        default: return Expr(.bool(token.kind == .trueKeyword), at: token.location)
        }
    }

    @inline(never)
    mutating func parseName() throws -> Expr {
        let token = take()
        if current.kind == .arrow { return try finishLambda([token.text], at: token.location) }
        return Expr(.name(token.text), at: token.location)
    }

    @inline(never)
    mutating func parseEnd() throws -> Expr {
        guard indexDepth > 0 else {
            throw unexpected("'end' can only be used inside an index, like x[end]")
        }
        return Expr(.name("end"), at: take().location)
    }

    @inline(never)
    mutating func parseGrouping() throws -> Expr {
        if isLambdaParameterList() { return try parseParenthesisedLambda() }
        let open = take()
        newlineMatters.append(false)
        let inner = try parseExpression()
        try close(.rightParen, open)
        newlineMatters.removeLast()
        return inner
    }

    @inline(never)
    mutating func parseBlock() throws -> Expr {
        let open = take()
        return Expr(.block(try parseBlockContents(open)), at: open.location)
    }

    @inline(never)
    mutating func parseConditional() throws -> Expr {
        let ifToken = take()
        let condition = try parseExpression()
        if !skipNewlines(before: .thenKeyword) {
            if current.kind == .leftBrace {
                throw unexpected("expected 'then' after the condition of an if expression, found '{' "
                                 + "(an if statement with { } stands alone; as a value write if c then a else b)")
            }
            throw expected("'then' after the condition of 'if'")
        }
        return try finishConditional(ifToken, condition)
    }

    @inline(never)
    mutating func parseUnary(_ op: UnaryOperator, operand: Precedence) throws -> Expr {
        let token = take()
        skipNewlines()
        return Expr(.unary(op, try parseExpression(operand)), at: token.location)
    }

    /// `then a else b` after `if c`.
    @inline(never)
    mutating func finishConditional(_ ifToken: Token, _ condition: Expr) throws -> Expr {
        _ = try expect(.thenKeyword, "'then' after the condition of 'if'")
        skipNewlines()
        let then = try parseExpression()
        guard skipNewlines(before: .elseKeyword) else {
            throw expected("'else' to finish the 'if … then …' at \(ParserState.position(ifToken)) "
                           + "(an if without else is a statement: if c { … })")
        }
        advance()
        skipNewlines()
        let otherwise = try parseExpression()
        return Expr(.conditional(condition: condition, then: then, else: otherwise), at: ifToken.location)
    }

    @inline(never)
    mutating func parseBinary(_ op: BinaryOperator, _ rule: Parser.Rule, left: Expr) throws -> Expr {
        let token = take()
        skipNewlines()
        let right = try parseExpression(rule.associativity == .right ? rule.precedence : rule.precedence.tighter)
        return Expr(.binary(op, left, right), at: token.location)
    }

    /// `lo:hi` or `lo:step:hi` after `lo`.
    @inline(never)
    mutating func parseRange(left: Expr) throws -> Expr {
        let colon = take()
        skipNewlines()
        let second = try parseExpression(Precedence.range.tighter)
        guard current.kind == .colon else {
            return Expr(.range(lo: left, step: nil, hi: second), at: colon.location)
        }
        advance()
        skipNewlines()
        let third = try parseExpression(Precedence.range.tighter)
        return Expr(.range(lo: left, step: second, hi: third), at: colon.location)
    }

    /// `[i]`, `[i, j]`, `[:, 1]`, `[2:end]` after the indexed expression.
    @inline(never)
    mutating func parseIndex(base: Expr) throws -> Expr {
        let open = take()
        newlineMatters.append(false)
        indexDepth += 1
        var subscripts: [Subscript] = []
        while true {
            if current.kind == .colon, [.comma, .rightBracket].contains(peekKind(1)) {
                advance()
                subscripts.append(.all)
            } else {
                subscripts.append(.single(try parseExpression()))
            }
            guard current.kind == .comma else { break }
            advance()
        }
        try close(.rightBracket, open)
        indexDepth -= 1
        newlineMatters.removeLast()
        return Expr(.index(base: base, subscripts: subscripts), at: open.location)
    }

    @inline(never)
    mutating func parseField(base: Expr) throws -> Expr {
        let dot = take()
        guard current.kind == .name else { throw fieldNameExpected(after: dot) }
        return Expr(.field(base: base, name: take().text), at: dot.location)
    }

    /// A dot not followed by a field name; after `.^`, `.*`, `./`, `.+`, `.-` (Julia's and
    /// MATLAB's elementwise operators) the hint says that sfn's own operators are elementwise.
    @inline(never)
    func fieldNameExpected(after dot: Token) -> SFNError {
        let op = current
        let adjacent = op.location.line == dot.location.line && op.location.column == dot.location.column + 1
        switch op.kind {
        case .caret where adjacent:
            return unexpected("'.^' is not an operator: sfn's '^' is elementwise; write x^2")
        case .star where adjacent, .slash where adjacent, .plus where adjacent, .minus where adjacent:
            let o = op.kind.rawValue
            return unexpected("'.\(o)' is not an operator: sfn's '\(o)' is elementwise; write a \(o) b")
        default:
            return expected("a field name after '.'")
        }
    }

    /// `f(a, b, name=v)` or `f(body for v in iterable)`, after the callee.
    @inline(never)
    mutating func parseCall(callee: Expr) throws -> Expr {
        let open = take()
        newlineMatters.append(false)
        var arguments: [Argument] = []
        var generator = false
        while currentKind != .rightParen {
            let argument = try parseArgument(first: arguments.isEmpty)
            arguments.append(argument)
            if case .generator = argument.value.kind { generator = true; break }
            guard currentKind == .comma else { break }
            advance()
        }
        if currentKind != .rightParen { throw callNotClosed(open, afterGenerator: generator) }
        advance()
        newlineMatters.removeLast()
        return Expr(.call(callee: callee, arguments: arguments), at: open.location)
    }

    /// `value`, `name=value`, or (as the first argument) `body for v in iterable`.
    @inline(never)
    mutating func parseArgument(first: Bool) throws -> Argument {
        let start = current
        if start.kind == .name, peekKind(1) == .equal {
            advance()
            advance()
            skipNewlines()
            return Argument(name: start.text, value: try parseExpression(), at: start.location)
        }
        let value = try parseExpression()
        guard currentKind == .forKeyword, first else {
            return Argument(name: nil, value: value, at: start.location)
        }
        let forToken = current
        let (variable, iterable) = try parseForClause()
        let generator = Expr(.generator(body: value, variable: variable, iterable: iterable), at: forToken.location)
        return Argument(name: nil, value: generator, at: start.location)
    }

    @inline(never)
    func callNotClosed(_ open: Token, afterGenerator: Bool) -> SFNError {
        if afterGenerator { return expected("')' after the generator (a generator must be the only argument)") }
        if currentKind == .forKeyword {
            return unexpected("unexpected 'for': a generator must be the only argument of a call")
        }
        return expected("')' to close '(' at \(ParserState.position(open))")
    }

    /// `[]`, `[a, b]`, `[a, b; c, d]`, `[body for v in iterable]`.
    @inline(never)
    mutating func parseBracket() throws -> Expr {
        let open = take()
        newlineMatters.append(false)
        var rows: [[Expr]] = []
        if currentKind != .rightBracket {
            let first = try parseExpression()
            if currentKind == .forKeyword { return try finishComprehension(open, body: first) }
            rows = [[first]]
            elements: while true {
                switch currentKind {
                case .comma:
                    advance()
                    if currentKind == .rightBracket { break elements }  // a trailing comma
                    rows[rows.count - 1].append(try parseExpression())
                case .semicolon:
                    advance()
                    rows.append([try parseExpression()])
                default:
                    break elements
                }
            }
        }
        if currentKind != .rightBracket { throw bracketNotClosed(open, empty: rows.isEmpty) }
        advance()
        newlineMatters.removeLast()
        return Expr(.bracket(rows: rows), at: open.location)
    }

    @inline(never)
    mutating func finishComprehension(_ open: Token, body: Expr) throws -> Expr {
        let (variable, iterable) = try parseForClause()
        try close(.rightBracket, open)
        newlineMatters.removeLast()
        return Expr(.comprehension(body: body, variable: variable, iterable: iterable), at: open.location)
    }

    @inline(never)
    func bracketNotClosed(_ open: Token, empty: Bool) -> SFNError {
        let error = expected((empty ? "" : "',', ';' or ") + "']' to close '[' at \(ParserState.position(open))")
        // `[1 2 3]` (MATLAB, Julia): an element directly after another on the same line.
        let previous = tokens[max(currentIndex - 1, 0)]
        let startsElement: Set<TokenKind> = [.number, .name, .leftParen, .leftBracket, .string, .trueKeyword, .falseKeyword]
        guard !empty, startsElement.contains(currentKind), previous.location.line == current.location.line else { return error }
        return SFNError(error.message + "; separate elements with commas: [1, 2, 3]", at: error.location,
                        sourceLine: error.sourceLine, isIncompleteInput: false)
    }

    // MARK: Lambdas

    /// Whether the current `(` opens a lambda's parameter list: `()` or `(a, b)` before `->`.
    func isLambdaParameterList() -> Bool {
        var i = currentIndex + 1
        func next(_ i: inout Int) -> TokenKind {
            while i < tokens.count - 1, tokens[i].kind == .newline { i += 1 }
            return tokens[i].kind
        }
        if next(&i) != .rightParen {
            while true {
                guard next(&i) == .name else { return false }
                i += 1
                guard next(&i) == .comma else { break }
                i += 1
            }
            guard next(&i) == .rightParen else { return false }
        }
        i += 1
        if newlineMatters.last == false { _ = next(&i) }
        return i < tokens.count && tokens[i].kind == .arrow
    }

    /// `(a, b) -> body`, `() -> body` (checked by `isLambdaParameterList`).
    @inline(never)
    mutating func parseParenthesisedLambda() throws -> Expr {
        let open = take()
        newlineMatters.append(false)
        var parameters: [String] = []
        while current.kind == .name {
            parameters.append(take().text)
            guard current.kind == .comma else { break }
            advance()
        }
        try close(.rightParen, open)
        newlineMatters.removeLast()
        return try finishLambda(parameters, at: open.location)
    }

    /// `-> body` after the parameters; the body extends as far right as possible.
    @inline(never)
    mutating func finishLambda(_ parameters: [String], at location: SourceLocation) throws -> Expr {
        let arrow = try expect(.arrow, "'->' after the parameters of a lambda")
        try checkDistinct(parameters, at: location)
        skipNewlines()
        return Expr(.lambda(parameters: parameters, body: try parseExpression()), at: arrow.location)
    }
}
