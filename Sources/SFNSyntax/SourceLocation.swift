/// Where something is in a source text: file name, 1-based line and column (in characters).
/// Every token, AST node and runtime error carries one, so that every error can be printed as
/// `file:line:col: error: message` followed by the line and a caret.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The source's name: a script's path, the `name` given to `Interpreter.run(_:name:)`,
    /// or `<input>`.
    public var file: String
    /// The line, counting from 1.
    public var line: Int
    /// The column, counting from 1, in characters (a multi-byte letter is one column).
    public var column: Int

    /// A location in `file` at 1-based `line` and `column`.
    public init(file: String, line: Int, column: Int) {
        self.file = file; self.line = line; self.column = column
    }

    /// `file:line:column`, as error messages begin.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A source text with its name, kept so that errors can quote the offending line.
package struct SourceText: Sendable {
    package let name: String
    package let text: String
    package let lines: [Substring]

    package init(name: String, text: String) {
        self.name = name
        self.text = text
        // "\r\n" is one Character in Swift, so CRLF files need it named as a separator too.
        self.lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// The text of a 1-based line, or "" when out of range.
    package func line(_ n: Int) -> String {
        n >= 1 && n <= lines.count ? String(lines[n - 1]).replacingTabsAndCR() : ""
    }
}

extension String {
    /// Drops a trailing CR (files with CRLF line ends) so carets line up.
    func replacingTabsAndCR() -> String { hasSuffix("\r") ? String(dropLast()) : self }
}
