/// An error in a program: a syntax error, an unknown name, a shape mismatch, a failed assert, an
/// I/O failure. It carries its location; `render` prints it the way the contract says:
///
///     saddle.sfn:3:9: error: unknown name 'fo'; did you mean 'foo'?
///     y = 1 + fo(2)
///             ^
///
/// Catch it around `Interpreter.run(_:name:)` to report a failed program; throw one
/// from a Swift built-in to report a bad argument at its location (`Arguments` makes them):
///
/// ```swift
/// do { try sfn.run("z = fo(2)", name: "broken.sfn") }
/// catch let error as SFNError { print(error.location.line, error.message) }
/// ```
public struct SFNError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as one sentence without the location: `unknown name 'fo'; did you mean 'f'?`.
    public var message: String
    /// Where it went wrong: the token, node or argument the error is about.
    public var location: SourceLocation
    /// The line of source the location points into (filled in when the source is known).
    public var sourceLine: String?
    /// True for a syntax error caused only by the input ending early (an open bracket or block, a
    /// trailing binary operator): the REPL then reads another line instead of reporting it.
    public var isIncompleteInput: Bool

    /// An error with `message` at `location`.
    ///
    /// Leave `sourceLine` nil when raising an error at run time: the interpreter fills it in from
    /// the source it ran before the error reaches the caller.
    ///
    /// The message is made one line: a line end in text it quotes, such as a
    /// string token written across lines, is shown as `\n`.
    public init(_ message: String, at location: SourceLocation, sourceLine: String? = nil,
                isIncompleteInput: Bool = false) {
        self.message = SFNError.oneLine(message); self.location = location; self.sourceLine = sourceLine
        self.isIncompleteInput = isIncompleteInput
    }

    /// `file:line:col: error: message`, then the source line and a caret under the column.
    public func render() -> String {
        var out = "\(location): error: \(message)"
        if let line = sourceLine {
            out += "\n" + line + "\n" + SFNError.caretIndent(line, column: location.column) + "^"
        }
        return out
    }

    /// What goes before the caret: a tab under each tab of the line and a space under anything
    /// else, so the caret sits under the column however wide the terminal draws a tab.
    static func caretIndent(_ line: String, column: Int) -> String {
        let width = max(0, column - 1)
        var indent = String(line.prefix(width).map { $0 == "\t" ? "\t" : " " })
        indent += String(repeating: " ", count: width - min(width, line.count))
        return indent
    }

    /// `text` on one line: line ends and other control characters (except tab) written as
    /// escapes (`\n`, `\r`, `\u{7}`), so that an error is always one line of `file:line:col:
    /// error: message` however the text it quotes was written.
    package static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: breaksLine) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _ where breaksLine(u): out += "\\u{" + String(u.value, radix: 16) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Control characters other than tab, and the Unicode line and paragraph separators.
    private static func breaksLine(_ u: Unicode.Scalar) -> Bool {
        (u.properties.generalCategory == .control && u != "\t") || u == "\u{2028}" || u == "\u{2029}"
    }

    /// The same text as ``render()``.
    public var description: String { render() }
}
