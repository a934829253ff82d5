// The statement grammar of the parser (the expression grammar and the precedence table are in
// Parser.swift): statements, blocks, `if`, `for`, function definitions and assignments.

extension ParserState {
    // MARK: Statements

    /// Statements up to `closer` (`.endOfInput` at top level, `}` in a block), not consuming it.
    mutating func parseStatements(closer: TokenKind) throws -> [Stmt] {
        let inBlock = closer == .rightBrace
        var statements: [Stmt] = []
        while true {
            while currentKind == .newline || currentKind == .semicolon { advance() }
            // In a block, any closing bracket ends the statements; the caller then reports a
            // mismatched one as "expected '}' to close '{' at …".
            if currentKind == .endOfInput || (inBlock && ParserState.closers.contains(currentKind)) {
                return statements
            }
            if ParserState.closers.contains(currentKind) { throw strayCloser() }
            var statement = try parseStatement()
            switch currentKind {
            case .semicolon:
                advance()
                if case .expression(let e, _) = statement.kind { statement.kind = .expression(e, silent: true) }
            case .newline:
                advance()
            case .endOfInput:
                break
            case let kind where ParserState.closers.contains(kind):
                if !inBlock { throw strayCloser() }
            default:
                throw expected(inBlock ? "';', a new line or '}' after the statement"
                                       : "the end of the statement (a new line or ';')")
            }
            statements.append(statement)
        }
    }

    static let closers: Set<TokenKind> = [.rightParen, .rightBracket, .rightBrace]

    /// A `)`, `]` or `}` at top level, with nothing open to close.
    @inline(never)
    func strayCloser() -> SFNError {
        let opener: [TokenKind: String] = [.rightParen: "(", .rightBracket: "[", .rightBrace: "{"]
        return unexpected("unexpected \(current.quoted) with no '\(opener[currentKind] ?? "")' open")
    }

    mutating func parseStatement() throws -> Stmt {
        // A statement costs one level too: nested statements use more stack than expressions.
        try enter()
        defer { depth -= 1 }
        let first = current
        switch first.kind {
        case .assertKeyword:
            advance()
            let condition = try parseExpression()
            var message: Expr? = nil
            if current.kind == .comma {
                advance()
                skipNewlines()
                message = try parseExpression()
            }
            return Stmt(.assert(condition: condition, message: message), at: first.location)

        case .importKeyword:
            advance()
            guard current.kind == .string else {
                throw expected("a module name in quotes after 'import', like import \"saddles\"")
            }
            return Stmt(.importModule(take().stringValue), at: first.location)

        case .forKeyword:
            let (variable, iterable) = try parseForClause()
            let body = try parseBody(after: "for \(variable) in …")
            return Stmt(.forLoop(variable: variable, iterable: iterable, body: body), at: first.location)

        case .ifKeyword:
            switch try parseIf(statementOnly: false) {
            case .statement(let statement): return statement
            case .expression(let e): return try finishExpressionStatement(e, first: first)
            }

        default:
            return try finishExpressionStatement(try parseExpression(), first: first)
        }
    }

    /// `expr`, or `name = expr`, or `x[i, …] = expr`, or `f(x, y) = body` once the left side has
    /// been parsed.
    @inline(never)
    mutating func finishExpressionStatement(_ target: Expr, first: Token) throws -> Stmt {
        guard current.kind == .equal else { return Stmt(.expression(target, silent: false), at: first.location) }
        advance()
        skipNewlines()
        // Only a bare name (not `(x)`) or a call of a bare name can be bound.
        if first.kind == .name, case .name(let name) = target.kind {
            return Stmt(.assign(name: name, value: try parseExpression()), at: first.location)
        }
        if first.kind == .name, case .call(let callee, let arguments) = target.kind,
           case .name(let name) = callee.kind {
            var parameters: [String] = []
            for argument in arguments {
                guard argument.name == nil, case .name(let parameter) = argument.value.kind else {
                    throw failure("invalid function definition: parameters must be plain names, "
                                  + "like \(name)(x, y) = …", at: argument.location)
                }
                parameters.append(parameter)
            }
            try checkDistinct(parameters, at: target.location)
            return Stmt(.function(name: name, parameters: parameters, body: try parseExpression()),
                        at: first.location)
        }
        // Indexed assignment: only into a plain name, so that the statement rebinds that name.
        if first.kind == .name, case .index(let base, let subscripts) = target.kind {
            guard case .name(let name) = base.kind else {
                throw failure("invalid assignment target: only elements of a plain name can be assigned "
                              + "(x[i] = …); to change r.x[1] or x[1][2], copy the inner value to a name, "
                              + "assign into it, and rebuild the outer value", at: first.location)
            }
            return Stmt(.indexAssign(name: name, subscripts: subscripts, value: try parseExpression(),
                                     index: target.location), at: first.location)
        }
        throw failure("invalid assignment target: only a name (x = …), an element (x[i] = …) or a "
                      + "function head (f(x, y) = …) can be assigned", at: first.location)
    }

    enum IfResult { case statement(Stmt), expression(Expr) }

    /// `if c { … } else …` (a statement) or `if c then a else b` (an expression), told apart by
    /// what follows the condition. `else if` inside a statement must be a statement again.
    @inline(never)
    mutating func parseIf(statementOnly: Bool) throws -> IfResult {
        let ifToken = take()
        let condition = try parseExpression()
        if skipNewlines(before: .leftBrace) {
            let then = try parseBody(after: "if …")
            var otherwise: [Stmt]? = nil
            if skipNewlines(before: .elseKeyword) {
                advance()
                if skipNewlines(before: .ifKeyword) {
                    // With statementOnly, parseIf returns a statement or throws.
                    if case .statement(let nested) = try parseIf(statementOnly: true) { otherwise = [nested] }
                } else if currentKind == .leftBrace || skipNewlines(before: .leftBrace) {
                    otherwise = try parseBody(after: "else")
                } else {
                    throw expected("'{' or 'if' after 'else'")
                }
            }
            return .statement(Stmt(.ifStatement(condition: condition, then: then, else: otherwise),
                                   at: ifToken.location))
        }
        if statementOnly {
            if current.kind == .thenKeyword { throw unexpected("unexpected 'then' (an if statement uses { })") }
            throw expected("'{' after the condition of 'if'")
        }
        if skipNewlines(before: .thenKeyword) {
            return .expression(try finishConditional(ifToken, condition))
        }
        throw expected("'{' or 'then' after the condition of 'if'")
    }

    /// `{ statements }` as the body of `for` or `if`.
    mutating func parseBody(after what: String) throws -> [Stmt] {
        _ = skipNewlines(before: .leftBrace)
        let open = try expect(.leftBrace, "'{' to start the body of '\(what)'")
        return try parseBlockContents(open)
    }

    /// The statements after an opening `{`, through the closing `}`.
    @inline(never)
    mutating func parseBlockContents(_ open: Token) throws -> [Stmt] {
        try enter()
        defer { depth -= 1 }
        newlineMatters.append(true)
        let statements = try parseStatements(closer: .rightBrace)
        try close(.rightBrace, open)
        newlineMatters.removeLast()
        return statements
    }

    /// `for v in iterable` (of a loop, a comprehension or a generator).
    @inline(never)
    mutating func parseForClause() throws -> (String, Expr) {
        advance()
        guard current.kind == .name else { throw expected("a name after 'for'") }
        let variable = take().text
        _ = try expect(.inKeyword, "'in' after 'for \(variable)'")
        skipNewlines()
        return (variable, try parseExpression())
    }

    func checkDistinct(_ names: [String], at location: SourceLocation) throws {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw failure("duplicate parameter '\(name)'", at: location)
        }
    }
}
