// What the executable knows of its terminal: its size (for the prompt's display and plots),
// whether to colour standard output and standard error (TerminalStyle has the rules and the codes),
// and whether a long run's progress line can be redrawn in place.
import Foundation
import SFNLanguage

enum Terminal {
    static let environment = ProcessInfo.processInfo.environment
    static let colourOut = TerminalStyle.usesColour(isTerminal: isatty(STDOUT_FILENO) != 0, environment: environment)
    static let colourErr = TerminalStyle.usesColour(isTerminal: isatty(STDERR_FILENO) != 0, environment: environment)
    /// Colour the prompt only when readline draws it on a terminal.
    static let colourPrompt = colourOut && isatty(STDIN_FILENO) != 0

    /// Columns and rows of the terminal on standard output; 80×24 when it is not one (Julia's
    /// fallback), or as COLUMNS and LINES say.
    static func size() -> (columns: Int, rows: Int) {
        var w = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0, w.ws_row > 0 {
            return (Int(w.ws_col), Int(w.ws_row))
        }
        return (Int(environment["COLUMNS"] ?? "") ?? 80, Int(environment["LINES"] ?? "") ?? 24)
    }

    /// How a long run shows its progress: the live line, redrawn in place, when standard output
    /// is a terminal that understands clearing a line (not TERM=dumb), else plain lines (a pipe,
    /// a file, `--machine`, whose output is a pipe by the time an interpreter is made). Colour
    /// is not involved, so NO_COLOR does not change it.
    static func progressStyle() -> ProgressStyle {
        guard isatty(STDOUT_FILENO) != 0, environment["TERM"] != "dumb" else { return .plain }
        return .live(columns: size().columns)
    }

    /// The prompt's display: `digits` significant digits (nil: all), fitted to the terminal.
    static func displayOptions(digits: Int?) -> DisplayOptions {
        let (columns, rows) = size()
        var options = DisplayOptions.prompt(width: columns, height: rows)
        options.digits = digits
        return options
    }

    /// Fits an interpreter to the terminal as it is now (it may have been resized since the last
    /// entry): the live or plain progress line, and the size and colour of text plots.
    static func fit(_ interpreter: Interpreter) {
        interpreter.progressStyle = progressStyle()
        interpreter.plotTerminal = plotTerminal()
    }

    /// What plots drawn as text fit: the terminal's columns (and rows, when standard output is
    /// one), coloured as standard output is.
    static func plotTerminal() -> PlotTerminal {
        let (columns, rows) = size()
        return PlotTerminal(columns: columns, rows: isatty(STDOUT_FILENO) != 0 ? rows : nil, colour: colourOut)
    }

    static func prompt(_ text: String) -> String {
        colourPrompt ? TerminalStyle.readlinePrompt(text, colour: TerminalStyle.boldGreen) : text
    }
}
