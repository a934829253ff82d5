// The machine mode's questions about text that is not run: what completes the word at a cursor,
// which name the cursor is on, and whether a cell is complete. Offsets count Unicode scalars
// (Jupyter's cursor_pos counts code points).
import Foundation
import SFNLanguage
import SFNSyntax

enum MachineQueries {
    static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// The start of the word ending at the cursor and what it completes to: the prompt's Tab rules
    /// (``Completer``) applied to the cursor's line, so a notebook completes record fields, paths,
    /// `name=` arguments and `:` commands exactly as the prompt does.
    static func completions(_ code: [Unicode.Scalar], cursor: Int, interpreter: Interpreter) -> (start: Int, matches: [String]) {
        var lineStart = cursor
        while lineStart > 0, code[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = cursor
        while lineEnd < code.count, code[lineEnd] != "\n" { lineEnd += 1 }
        let before = String(String.UnicodeScalarView(code[lineStart..<cursor]))
        let line = String(String.UnicodeScalarView(code[lineStart..<lineEnd]))
        let completion = Completer.complete(line, cursor: before.count, interpreter: interpreter, commands: REPL.commands)
        // Completer counts Characters; Jupyter counts code points.
        let start = lineStart + String(before.prefix(completion.start)).unicodeScalars.count
        return (start, completion.matches)
    }

    /// The name under or just before the cursor; after `name(` (the cursor inside a call with no
    /// argument typed yet) the called name.
    static func name(in code: [Unicode.Scalar], at cursor: Int) -> String {
        var start = cursor, end = cursor
        while start > 0, isNameScalar(code[start - 1]) { start -= 1 }
        while end < code.count, isNameScalar(code[end]) { end += 1 }
        if start == end, start > 0, code[start - 1] == "(" {
            end = start - 1
            start = end
            while start > 0, isNameScalar(code[start - 1]) { start -= 1 }
        }
        return String(String.UnicodeScalarView(code[start..<end]))
    }

    /// "complete", "incomplete" (the REPL would ask for another line: an open bracket, block or
    /// string, or a trailing operator) or "invalid" (a syntax error more lines cannot mend).
    static func completeness(_ code: String) -> String {
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.hasPrefix(":") || trimmed.hasPrefix("?") { return "complete" }
        do {
            _ = try Parser.parse(SourceText(name: "<input>", text: code))
            return "complete"
        } catch {
            return error.isIncompleteInput ? "incomplete" : "invalid"
        }
    }
}
