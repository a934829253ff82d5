// The interactive loop: multi-line input while a bracket or block is open, `:` commands, Ctrl-C
// interrupting the running command, errors reported without losing earlier bindings.
import Foundation
import SFNLanguage
import SFNSyntax
import SFNMethods

final class REPL {
    var interpreter: Interpreter
    let editor = LineEditor()
    /// Whether any entry failed (a piped session then exits with status 1).
    private(set) var hadError = false

    /// Significant digits of the prompt's display (`:precision`); nil: every digit.
    var digits: Int? = 6

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
        self.interpreter = configured(interpreter)
    }

    /// An interpreter set up for the prompt: `ans`, the short display, coloured notes.
    func configured(_ interpreter: Interpreter) -> Interpreter {
        interpreter.bindsAns = true
        interpreter.displayOptions = Terminal.displayOptions(digits: digits)
        if Terminal.colourOut {
            interpreter.output = { text in
                print(TerminalStyle.colouredNotes(text), terminator: "")
                fflush(nil)
            }
        }
        return interpreter
    }

    func run() {
        if editor.interactive {
            print("sfn \(sfnVersion) — saddle-free Newton at a prompt. :help for help, Ctrl-D to leave.")
        }
        var buffer = ""
        var entryNumber = 1
        while true {
            // What the last entry printed through Swift's `print` (help, `:time`, `:vars`) is shown
            // before the next line is read, also when the output is a pipe or a file.
            fflush(nil)
            completionContext = (interpreter, REPL.commands)
            // The display follows the terminal's size, which may change between entries.
            interpreter.displayOptions = Terminal.displayOptions(digits: digits)
            Terminal.fit(interpreter)
            let prompt = buffer.isEmpty ? "sfn> " : "...> "
            guard let line = editor.readLine(prompt: Terminal.prompt(prompt)) else {
                if editor.interactive { print("") }
                break
            }
            if buffer.isEmpty, let topic = REPL.helpTopic(line) {
                editor.remember(line)
                print(Help.text(for: topic, in: interpreter))
                continue
            }
            if buffer.isEmpty && line.hasPrefix(":") {
                editor.remember(line)
                if !command(line) { break }
                continue
            }
            buffer += buffer.isEmpty ? line : "\n" + line
            if buffer.trimmingCharacters(in: .whitespaces).isEmpty { buffer = ""; continue }
            // Parsed once: an error that only lacks the end of the text (an open bracket, block or
            // string, or a trailing operator) asks for another line; otherwise this parse runs.
            let text = SourceText(name: "<repl:\(entryNumber)>", text: buffer)
            let program: Program
            do { program = try Parser.parse(text) } catch {
                if error.isIncompleteInput { continue }
                editor.remember(buffer)
                hadError = true
                printError(error.render())
                entryNumber += 1; buffer = ""
                continue
            }
            // The whole entry is one history item, line breaks kept (Julia's way): Up recalls a
            // three-line `for` block as the block.
            editor.remember(buffer)
            report { try self.interpreter.run(program, from: text) }
            entryNumber += 1
            buffer = ""
        }
    }

    /// The topic of `?name` (`?` alone: the overview, as `:help`), or nil for any other line.
    static func helpTopic(_ line: String) -> String?? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("?") else { return nil }
        let topic = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
        return .some(topic.isEmpty ? nil : topic)
    }

    /// Runs one entry of source text as the prompt does (for `:time`); its value, or the value an
    /// assignment at its end bound, or nil after an error.
    func evaluate(_ source: String) -> Value? {
        let text = SourceText(name: "<repl:time>", text: source)
        let program: Program
        do { program = try Parser.parse(text) } catch {
            hadError = true
            printError(error.render())
            return nil
        }
        var value: Value? = nil
        report {
            let v = try self.interpreter.run(program, from: text)
            value = v
            return v
        }
        guard let value else { return nil }
        if case .nothing = value, let last = program.statements.last, case .assign(let name, _) = last.kind {
            return interpreter.global(name)
        }
        return value
    }

    /// Runs `body` interruptibly, printing an error it raises; the REPL carries on either way.
    ///
    /// An entry that Ctrl-C interrupted ends with one line, `interrupted`, however the command
    /// took it (a record with that reason, or the error "interrupted"), quiet or not; the terminal's
    /// `^C` was already ended by a newline (see ``newlineOnInterrupt``).
    func report(_ body: @escaping () throws -> Value) {
        sigintReceived.store(false, ordering: .relaxed)
        interpreter.cancellation.reset()
        var failure: String? = nil
        do {
            _ = try runInterruptible(body)
        } catch let e as SFNError {
            failure = e.render()
        } catch {
            failure = "error: \(error)"
        }
        if interpreter.cancellation.isCancelled {
            printError("interrupted")
        } else if let failure {
            hadError = true
            printError(failure)
        }
        interpreter.cancellation.reset()
    }

    /// Runs `body` while forwarding Ctrl-C to the interpreter's cancellation flag; a Ctrl-C that
    /// came while it ran is forwarded before it returns.
    func runInterruptible<T>(_ body: @escaping () throws -> T) throws -> T {
        let done = Cancellation()  // used as a shared flag: set when the command has finished
        let cancellation = interpreter.cancellation
        let watcher = Thread {
            while !done.isCancelled {
                if sigintReceived.exchange(false, ordering: .relaxed) { cancellation.cancel() }
                usleep(5_000)
            }
        }
        watcher.start()
        newlineOnInterrupt.store(editor.interactive && isatty(STDOUT_FILENO) != 0, ordering: .relaxed)
        defer {
            newlineOnInterrupt.store(false, ordering: .relaxed)
            done.cancel()
            if sigintReceived.exchange(false, ordering: .relaxed) { cancellation.cancel() }
        }
        return try body()
    }

    /// Handles a `:command`; returns false to leave the REPL.
    func command(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        guard let c = REPL.table.first(where: { $0.names.contains(parts[0]) }) else {
            printError("unknown command \(parts[0]); the commands are \(REPL.commands.joined(separator: " "))")
            return true
        }
        return c.run(self, arg)
    }
}

/// Writes an error to standard error, `error:` in colour on a terminal.
func printError(_ text: String) {
    let shown = Terminal.colourErr ? TerminalStyle.colouredError(text) : text
    FileHandle.standardError.write((shown + "\n").data(using: .utf8)!)
}
