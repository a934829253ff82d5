/// The lexer: source text → tokens (LANGUAGE.md §1 and the token set of §3 and §4).
///
/// It walks the text one `Character` at a time, so columns count characters as a reader sees
/// them (a multi-byte UTF-8 letter or an emoji is one column). It knows nothing about grammar:
/// it emits a `.newline` token at every line end (runs of blank or comment-only lines collapse
/// into one) and the parser decides where a line end is only whitespace. It never looks at
/// bracket depth.
///
///     numbers   3  2.5  1e-4  .5  1.        strings  "text\n"  (escapes \n \t \" \\)
///     names     letters, digits, _          comments # to the end of the line (so a #! line too)
///
/// `'` is always the transpose mark: strings use double quotes only. A raw line end may occur
/// inside a string. A string still open at the end of the input is an *incomplete-input* error
/// (the REPL reads another line); every other lexical error is an ordinary one.
package enum Lexer {
    /// The tokens of `source`, ending with `.endOfInput`. Throws the first lexical error.
    package static func tokenize(_ source: SourceText) throws(SFNError) -> [Token] {
        let (tokens, error) = scan(source)
        if let error { throw error }
        return tokens
    }

    /// The tokens of `source` up to the first lexical error. The last token is `.endOfInput`,
    /// or `.invalid` when there was an error, which is then returned beside the tokens: the
    /// parser reports it only when it reaches that token, so earlier syntax errors come first.
    static func scan(_ source: SourceText) -> (tokens: [Token], error: SFNError?) {
        var scanner = Scanner(source)
        return scanner.run()
    }
}

/// The state of one pass over a text.
private struct Scanner {
    let source: SourceText
    let chars: [Character]
    var index = 0
    var line = 1
    var column = 1
    var tokens: [Token] = []
    /// Just after the last token that is not a line end: where "the input ended" for errors.
    var endOfLastToken: SourceLocation

    init(_ source: SourceText) {
        self.source = source
        self.chars = Array(source.text)
        self.endOfLastToken = SourceLocation(file: source.name, line: 1, column: 1)
    }

    var location: SourceLocation { SourceLocation(file: source.name, line: line, column: column) }

    func peek(_ offset: Int = 0) -> Character? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    mutating func advance() {
        guard index < chars.count else { return }
        if Scanner.isLineEnd(chars[index]) { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    mutating func run() -> (tokens: [Token], error: SFNError?) {
        while true {
            skipSpaceAndComments()
            guard let c = peek() else {
                tokens.append(Token(.endOfInput, text: "", at: endOfLastToken))
                return (tokens, nil)
            }
            let start = location
            let startIndex = index
            do {
                if Scanner.isLineEnd(c) {
                    advance()
                    if let last = tokens.last, last.kind != .newline {
                        tokens.append(Token(.newline, text: "\n", at: start))
                    }
                    continue
                }
                let token = try lexToken(c, start: start)
                tokens.append(token)
                endOfLastToken = location
            } catch {
                let text = String(chars[startIndex..<min(max(index, startIndex + 1), chars.count)])
                tokens.append(Token(.invalid, text: text, at: error.location))
                return (tokens, error)
            }
        }
    }

    mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == "#" {
                while let d = peek(), !Scanner.isLineEnd(d) { advance() }
            } else if c.isWhitespace && !Scanner.isLineEnd(c) {
                advance()
            } else {
                return
            }
        }
    }

    mutating func lexToken(_ c: Character, start: SourceLocation) throws(SFNError) -> Token {
        if Scanner.isDigit(c) || (c == "." && peek(1).map(Scanner.isDigit) == true) {
            return try lexNumber(start: start)
        }
        if c == "\"" { return try lexString(start: start) }
        if Scanner.isNameStart(c) {
            var text = ""
            while let d = peek(), Scanner.isNameContinue(d) { text.append(d); advance() }
            return Token(TokenKind.keywords[text] ?? .name, text: text, at: start)
        }
        // Two-character operators first, then one-character ones.
        if let next = peek(1), let kind = TokenKind(rawValue: String(c) + String(next)),
           Scanner.operators.contains(kind) {
            advance(); advance()
            return Token(kind, text: kind.rawValue, at: start)
        }
        if let kind = TokenKind(rawValue: String(c)), Scanner.operators.contains(kind) {
            advance()
            return Token(kind, text: kind.rawValue, at: start)
        }
        advance()
        throw error("unexpected character \(Scanner.show(c))\(Scanner.hint(c))", at: start)
    }

    mutating func lexNumber(start: SourceLocation) throws(SFNError) -> Token {
        var text = ""
        func digits(_ s: inout Scanner, _ text: inout String) {
            while let d = s.peek(), Scanner.isDigit(d) { text.append(d); s.advance() }
        }
        digits(&self, &text)
        // A fraction: `2.5`, `.5`, and `1.` unless a name follows (`1.x` is a field access).
        if peek() == ".", !(peek(1).map(Scanner.isNameStart) ?? false), peek(1) != "." {
            text.append("."); advance()
            digits(&self, &text)
        }
        // An exponent: `1e-4`, `2E+3`, `3e8`.
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1) == "+" || peek(1) == "-"
            if let d = peek(sign ? 2 : 1), Scanner.isDigit(d) {
                text.append(e); advance()
                if sign, let s = peek() { text.append(s); advance() }
                digits(&self, &text)
            }
        }
        // `2x`, `3e`, `1.5abc`: a number glued to a name is a mistake, not two tokens.
        if let d = peek(), Scanner.isNameContinue(d) {
            while let d = peek(), Scanner.isNameContinue(d) { text.append(d); advance() }
            throw error("malformed number '\(text)'", at: start)
        }
        let spelled = text.hasPrefix(".") ? "0" + text : text
        guard let value = Double(spelled) else { throw error("malformed number '\(text)'", at: start) }
        return Token(.number, text: text, at: start, numberValue: value)
    }

    mutating func lexString(start: SourceLocation) throws(SFNError) -> Token {
        let first = index
        advance()  // the opening quote
        var value = ""
        while true {
            guard let c = peek() else {
                throw error("unterminated string (missing closing '\"')", at: start, incomplete: true)
            }
            if c == "\"" { advance(); break }
            if c == "\\" {
                let backslash = location
                advance()
                guard let e = peek() else {
                    throw error("unterminated string (missing closing '\"')", at: start, incomplete: true)
                }
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                default:
                    throw error("unknown escape '\\\(Scanner.isLineEnd(e) ? "(line end)" : String(e))' in a string"
                                + " (the escapes are \\n \\t \\\" \\\\)", at: backslash)
                }
                advance()
                continue
            }
            value.append(c)
            advance()
        }
        return Token(.string, text: String(chars[first..<index]), at: start, stringValue: value)
    }

    func error(_ message: String, at location: SourceLocation, incomplete: Bool = false) -> SFNError {
        SFNError(message, at: location, sourceLine: source.line(location.line), isIncompleteInput: incomplete)
    }

    // MARK: Character classes

    static let operators: Set<TokenKind> = [
        .plus, .minus, .star, .slash, .caret, .at, .colon, .less, .lessEqual, .greater,
        .greaterEqual, .equalEqual, .bangEqual, .equal, .arrow, .quote, .dot, .comma, .semicolon,
        .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
    ]

    /// `\n` and `\r\n` (one `Character` in Swift) end a line; a lone `\r` is whitespace.
    static func isLineEnd(_ c: Character) -> Bool { c == "\n" || c == "\r\n" }
    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isWholeNumber }
    static func isNameStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
    static func isNameContinue(_ c: Character) -> Bool { c == "_" || c.isLetter || isDigit(c) }

    /// A character quoted for a message; invisible ones by their code point.
    static func show(_ c: Character) -> String {
        let visible = c.unicodeScalars.allSatisfy { !$0.properties.isWhitespace
            && $0.properties.generalCategory != .control && $0.properties.generalCategory != .format }
        if visible { return "'\(c)'" }
        return c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
            .joined(separator: " ")
    }

    static func hint(_ c: Character) -> String {
        switch c {
        case "!": return " (use 'not' for negation and '!=' for inequality)"
        case "&": return " (use 'and')"
        case "|": return " (use 'or')"
        case "%": return " (there is no '%' operator)"
        default: return ""
        }
    }
}
