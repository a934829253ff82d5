/// Where something is in a source text: file name, 1-based line and column (in characters).
/// Every token, AST node and runtime error carries one, so that every error can be printed as
/// `file:line:col: error: message` followed by the line and a caret.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file; self.line = line; self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A source text with its name, kept so that errors can quote the offending line.
public struct SourceText: Sendable {
    public let name: String
    public let text: String
    public let lines: [Substring]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        // "\r\n" is one Character in Swift, so CRLF files need it named as a separator too.
        self.lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// The text of a 1-based line, or "" when out of range.
    public func line(_ n: Int) -> String {
        n >= 1 && n <= lines.count ? String(lines[n - 1]).replacingTabsAndCR() : ""
    }
}

extension String {
    /// Drops a trailing CR (files with CRLF line ends) so carets line up.
    func replacingTabsAndCR() -> String { hasSuffix("\r") ? String(dropLast()) : self }
}
