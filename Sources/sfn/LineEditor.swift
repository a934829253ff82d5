// GNU readline behind a small interface: prompts, history in ~/.sfn_history (an entry of several
// lines is one item), tab completion (the rules are SFNLanguage's Completer),
// and Ctrl-C at the prompt dropping the half-typed line.
@preconcurrency import CReadline
import Foundation
import SFNLanguage
import Synchronization

/// Set by SIGINT; the REPL forwards it to the running command's cancellation.
let sigintReceived = Atomic<Bool>(false)

/// Whether SIGINT should end the terminal's line: set while a command runs at an interactive
/// prompt, where the terminal has just echoed `^C` after whatever the command printed, so the
/// report that follows (and the next prompt) starts on a line of its own.
let newlineOnInterrupt = Atomic<Bool>(false)

/// What completion reads: the interpreter and the REPL's commands, set before each prompt.
nonisolated(unsafe) var completionContext: (interpreter: Interpreter, commands: [String])? = nil
/// The matches of the completion in progress, as readline's word needs them.
nonisolated(unsafe) var completionMatches: [String] = []
nonisolated(unsafe) var completionIndex = 0

private let completionGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
    if state == 0 { completionIndex = 0 }
    guard completionIndex < completionMatches.count else { return nil }
    completionIndex += 1
    return strdup(completionMatches[completionIndex - 1])  // readline frees it
}

/// Asks `Completer` (the pure rules, in SFNLanguage) and restates its matches, which replace the
/// line from the completer's own start, as replacements of the word readline split off (from
/// `start`, in bytes): trimmed of, or prefixed with, the text between the two starts.
private let completer: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, end in
    rl_attempted_completion_over = 1  // our matches only: no file-name fallback
    guard let context = completionContext, let buffer = rl_line_buffer else { return nil }
    let bytes = Array(String(cString: buffer).utf8)
    let cursorBytes = min(Int(end), bytes.count), wordBytes = min(Int(start), cursorBytes)
    let line = String(decoding: bytes, as: UTF8.self)
    let cursor = String(decoding: bytes[..<cursorBytes], as: UTF8.self).count
    let c = Completer.complete(line, cursor: cursor, interpreter: context.interpreter, commands: context.commands)
    let ownStart = String(line.prefix(c.start)).utf8.count
    completionMatches = c.matches.compactMap { match in
        if ownStart <= wordBytes {
            let m = Array(match.utf8)
            return m.count >= wordBytes - ownStart ? String(decoding: m[(wordBytes - ownStart)...], as: UTF8.self) : nil
        }
        return String(decoding: bytes[wordBytes..<ownStart], as: UTF8.self) + match
    }
    if c.terminator.isEmpty {
        rl_completion_suppress_append = 1
    } else {
        rl_completion_append_character = Int32(c.terminator.utf8.first!)
    }
    return rl_completion_matches(text, completionGenerator)
}

/// Called by readline after a signal interrupted its read: drop the line, show a fresh prompt.
private let signalHook: @convention(c) () -> Int32 = {
    if sigintReceived.exchange(false, ordering: .relaxed) {
        rl_replace_line("", 0)
        rl_crlf()
        rl_on_new_line()
        rl_redisplay()
    }
    return 0
}

/// Reads lines: with readline when standard input is a terminal, plainly (no prompt, no echo)
/// when it is a pipe or a file.
final class LineEditor {
    let interactive: Bool
    let historyFile: String

    init() {
        interactive = isatty(STDIN_FILENO) != 0
        historyFile = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.sfn_history"
        guard interactive else { return }
        rl_readline_name = UnsafePointer(strdup("sfn")!)
        rl_attempted_completion_function = completer
        rl_signal_event_hook = signalHook
        // Break words at operators, brackets and dots too, so `x + gr<Tab>` completes `grad` and
        // the candidates listed for `s.<Tab>` are field names (the matches are restated for these
        // words whatever the completer's own start).
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{([,+-*/^:)]}.?")!)
        // A multi-line entry stays one entry in the history file: each entry is written after a
        // `#<time>` line, and lines up to the next one are read back as the same entry.
        history_comment_char = CChar(UInt8(ascii: "#"))
        history_write_timestamps = 1
        history_multiline_entries = 1
        stifle_history(1000)
        _ = read_history(historyFile)  // a missing file on the first run is fine
    }

    /// The next line, or nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> String? {
        guard interactive else { return Swift.readLine(strippingNewline: true) }
        guard let line = CReadline.readline(prompt) else { return nil }
        defer { free(line) }
        return String(cString: line)
    }

    /// Records a complete entry, line breaks and all, in the history (and on disk, so a crash
    /// loses nothing).
    func remember(_ entry: String) {
        guard interactive, !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(entry)
        _ = write_history(historyFile)
    }
}
