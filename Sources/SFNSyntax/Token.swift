/// Tokens: what the lexer (Lexer.swift) hands the parser (Parser.swift).
///
/// A token is a kind, its spelling in the source and its location. Keywords and punctuation
/// are kinds of their own whose raw value is their spelling, so error messages can quote them.

/// Every kind of token in LANGUAGE.md §1, §3 and §4.
package enum TokenKind: String, Sendable, Hashable {
    // Tokens that carry a value.
    case number = "<number>", string = "<string>", name = "<name>"
    /// A line end that may end a statement (the parser decides when it is ignored).
    case newline = "<newline>"
    case endOfInput = "<end of input>"
    /// A lexical error; the lexer stops here and the parser reports it when it reaches it, so
    /// that an earlier syntax error is reported first.
    case invalid = "<invalid>"

    // Keywords.
    case ifKeyword = "if", thenKeyword = "then", elseKeyword = "else", forKeyword = "for"
    case inKeyword = "in", andKeyword = "and", orKeyword = "or", notKeyword = "not"
    case trueKeyword = "true", falseKeyword = "false", assertKeyword = "assert"
    case importKeyword = "import", endKeyword = "end"

    // Operators and punctuation.
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^", at = "@", colon = ":"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case equalEqual = "==", bangEqual = "!=", equal = "=", arrow = "->", quote = "'"
    case dot = ".", comma = ",", semicolon = ";"
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}"

    /// The keywords, by spelling. A name spelled like one of these is that keyword.
    static let keywords: [String: TokenKind] = Dictionary(uniqueKeysWithValues: [
        TokenKind.ifKeyword, .thenKeyword, .elseKeyword, .forKeyword, .inKeyword, .andKeyword,
        .orKeyword, .notKeyword, .trueKeyword, .falseKeyword, .assertKeyword, .importKeyword,
        .endKeyword,
    ].map { ($0.rawValue, $0) })

    var isKeyword: Bool { TokenKind.keywords[rawValue] == self }
}

/// One token with its exact location (1-based line and column, counted in characters).
package struct Token: Sendable, Equatable {
    package var kind: TokenKind
    /// The token as written in the source (for a string: including its quotes and escapes).
    package var text: String
    /// The decoded value of a `.string` token (escapes resolved); empty for other kinds.
    package var stringValue: String
    /// The value of a `.number` token; 0 for other kinds.
    package var numberValue: Double
    package var location: SourceLocation

    package init(_ kind: TokenKind, text: String, at location: SourceLocation,
                stringValue: String = "", numberValue: Double = 0) {
        self.kind = kind; self.text = text; self.location = location
        self.stringValue = stringValue; self.numberValue = numberValue
    }

    /// How an error message names this token: `')'`, `'foo'`, `"text"`, `the end of the line`.
    var quoted: String {
        switch kind {
        case .newline: return "the end of the line"
        case .endOfInput: return "the end of the input"
        case .string: return text.count > 24 ? "a string" : text
        case .number, .name, .invalid: return "'\(text)'"
        default: return "'\(kind.rawValue)'"
        }
    }
}
