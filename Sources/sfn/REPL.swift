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

    /// A `:` command: its names (the first is the one completion and `:help` show), its usage,
    /// and what it does; returns false to leave the REPL.
    struct Command: Sendable {
        let names: [String]
        let usage: String
        let run: @Sendable (REPL, String) -> Bool
    }

    /// Every `:` command, in the order `:help` lists them.
    static let table: [Command] = [
        Command(names: [":help", ":h"], usage: ":help [name]") { repl, arg in
            print(Help.text(for: arg.isEmpty ? nil : arg, in: repl.interpreter)); return true
        },
        Command(names: [":vars"], usage: ":vars") { repl, _ in
            let bindings = repl.interpreter.globalBindings.filter { !Help.preludeNames.contains($0.name) }
            if bindings.isEmpty { print("(no variables)") }
            for (name, value) in bindings { print("\(name) = \(Help.summary(value))") }
            return true
        },
        Command(names: [":load"], usage: ":load file.sfn") { repl, arg in
            guard !arg.isEmpty else { printError("usage: :load file.sfn"); return true }
            repl.report { try repl.interpreter.runFile(path: arg) }
            return true
        },
        Command(names: [":reset"], usage: ":reset") { repl, _ in
            repl.interpreter = makeInterpreter()
            print("(all variables cleared)")
            return true
        },
        Command(names: [":quit", ":q", ":exit"], usage: ":quit (or Ctrl-D)") { _, _ in false },
    ]

    /// The commands' main names, for completion and messages.
    static var commands: [String] { table.map { $0.names[0] } }

    init(interpreter: Interpreter) { self.interpreter = interpreter }

    func run() {
        if editor.interactive {
            print("sfn \(sfnVersion) — saddle-free Newton at a prompt. :help for help, Ctrl-D to leave.")
        }
        var buffer = ""
        var entryNumber = 1
        while true {
            completionCandidates = interpreter.completionNames + REPL.commands
            let prompt = buffer.isEmpty ? "sfn> " : "...> "
            guard let line = editor.readLine(prompt: prompt) else {
                if editor.interactive { print("") }
                break
            }
            if buffer.isEmpty && line.hasPrefix(":") {
                editor.remember(line)
                if !command(line) { break }
                continue
            }
            // Each physical line is one history entry (a history file cannot hold a line break).
            editor.remember(line)
            buffer += buffer.isEmpty ? line : "\n" + line
            if buffer.trimmingCharacters(in: .whitespaces).isEmpty { buffer = ""; continue }
            // Parsed once: an error that only lacks the end of the text (an open bracket, block or
            // string, or a trailing operator) asks for another line; otherwise this parse runs.
            let text = SourceText(name: "<repl:\(entryNumber)>", text: buffer)
            let program: Program
            do { program = try Parser.parse(text) } catch {
                if error.isIncompleteInput { continue }
                hadError = true
                printError(error.render())
                entryNumber += 1; buffer = ""
                continue
            }
            report { try self.interpreter.run(program, from: text) }
            entryNumber += 1
            buffer = ""
        }
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

func printError(_ text: String) {
    FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
}
