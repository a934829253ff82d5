/// An error in a program: a syntax error, an unknown name, a shape mismatch, a failed assert, an
/// I/O failure. It carries its location; `render` prints it the way the contract says:
///
///     saddle.sfn:3:9: error: unknown name 'fo'; did you mean 'foo'?
///     y = 1 + fo(2)
///             ^
public struct SFNError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    /// The line of source the location points into (filled in when the source is known).
    public var sourceLine: String?
    /// True for a syntax error caused only by the input ending early (an open bracket or block, a
    /// trailing binary operator): the REPL then reads another line instead of reporting it.
    public var isIncompleteInput: Bool

    public init(_ message: String, at location: SourceLocation, sourceLine: String? = nil,
                isIncompleteInput: Bool = false) {
        self.message = message; self.location = location; self.sourceLine = sourceLine
        self.isIncompleteInput = isIncompleteInput
    }

    /// `file:line:col: error: message`, then the source line and a caret under the column.
    public func render() -> String {
        var out = "\(location): error: \(message)"
        if let line = sourceLine {
            out += "\n" + line + "\n" + String(repeating: " ", count: max(0, location.column - 1)) + "^"
        }
        return out
    }

    public var description: String { render() }
}
