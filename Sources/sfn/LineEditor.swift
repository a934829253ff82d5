// GNU readline behind a small interface: prompts, history in ~/.sfn_history, tab completion,
// and Ctrl-C at the prompt dropping the half-typed line.
@preconcurrency import CReadline
import Foundation
import Synchronization

/// Set by SIGINT; the REPL forwards it to the running command's cancellation.
let sigintReceived = Atomic<Bool>(false)

/// Whether SIGINT should end the terminal's line: set while a command runs at an interactive
/// prompt, where the terminal has just echoed `^C` after whatever the command printed, so the
/// report that follows (and the next prompt) starts on a line of its own.
let newlineOnInterrupt = Atomic<Bool>(false)

/// Completion candidates, refreshed before each prompt (globals, built-ins, REPL commands).
nonisolated(unsafe) var completionCandidates: [String] = []
nonisolated(unsafe) var completionIndex = 0

private let completionGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { text, state in
    if state == 0 { completionIndex = 0 }
    let prefix = text.map { String(cString: $0) } ?? ""
    while completionIndex < completionCandidates.count {
        let candidate = completionCandidates[completionIndex]
        completionIndex += 1
        if candidate.hasPrefix(prefix) { return strdup(candidate) }  // readline frees it
    }
    return nil
}

private let completer: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
    rl_attempted_completion_over = 1  // names only: no file-name fallback
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
        // Break words at operators and brackets too, so `x + gr<Tab>` completes `grad`.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{([,+-*/^:)]}")!)
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

    /// Records a complete entry in the history (and on disk, so a crash loses nothing).
    func remember(_ entry: String) {
        guard interactive, !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(entry)
        _ = write_history(historyFile)
    }
}
