// Colour on a terminal (issue 18, LANGUAGE.md §7): the REPL's prompt, `error:` in diagnostics, and
// `note:`/`warning:` in command output. Never when the output is not a terminal, and never when
// NO_COLOR is set to anything non-empty (no-color.org). Plain ANSI codes: nothing to link.
import Foundation
package enum TerminalStyle {
    package static let reset = "\u{1B}[0m"
    package static let boldRed = "\u{1B}[1;31m"
    package static let boldGreen = "\u{1B}[1;32m"
    package static let boldYellow = "\u{1B}[1;33m"
    package static let boldBlue = "\u{1B}[1;34m"

    /// Whether to colour a stream: only a terminal, and only without NO_COLOR.
    package static func usesColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// A rendered error (`file:line:col: error: message`, the line, the caret) with `error:` in
    /// bold red and the caret in bold green, as compilers do.
    package static func colouredError(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, let r = first.range(of: "error:") else { return text }
        lines[0] = first.replacingCharacters(in: r, with: boldRed + "error:" + reset)
        if lines.count >= 3, let last = lines.last, last.trimmingCharacters(in: .init(charactersIn: " \t")) == "^" {
            lines[lines.count - 1] = last.replacingOccurrences(of: "^", with: boldGreen + "^" + reset)
        }
        return lines.joined(separator: "\n")
    }

    /// Output text with the `note:` and `warning:` of command reports (`sfn: note: …`) in bold
    /// yellow; other text unchanged.
    package static func colouredNotes(_ text: String) -> String {
        guard text.contains(": note: ") || text.contains("warning: ") else { return text }
        return text.replacingOccurrences(of: ": note: ", with: ": " + boldYellow + "note:" + reset + " ")
            .replacingOccurrences(of: "warning: ", with: boldYellow + "warning:" + reset + " ")
    }

    /// A readline prompt in colour: the codes between \u{1}…\u{2}, which readline does not count
    /// as columns (otherwise line editing would misplace the cursor).
    package static func readlinePrompt(_ prompt: String, colour: String) -> String {
        "\u{1}" + colour + "\u{2}" + prompt + "\u{1}" + reset + "\u{2}"
    }
}
