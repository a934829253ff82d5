// The interactive loop: multi-line input while a bracket or block is open, `:` commands, Ctrl-C
// interrupting the running command, errors reported without losing earlier bindings.
import Foundation
import SFNLanguage
import SFNMethods

final class REPL {
    var interpreter: Interpreter
    let editor = LineEditor()
    /// Whether any entry failed (a piped session then exits with status 1).
    private(set) var hadError = false

    static let commands = [":help", ":vars", ":load", ":reset", ":quit"]

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
            if needsMoreInput(buffer) { continue }
            evaluate(buffer, name: "<repl:\(entryNumber)>")
            entryNumber += 1
            buffer = ""
        }
    }

    /// True when the text so far only lacks its end (an open bracket, block or string, or a
    /// trailing operator): the REPL then asks for another line.
    func needsMoreInput(_ text: String) -> Bool {
        do { _ = try Parser.parse(SourceText(name: "<repl>", text: text)); return false }
        catch { return error.isIncompleteInput }
    }

    func evaluate(_ text: String, name: String) {
        sigintReceived.store(false, ordering: .relaxed)
        interpreter.cancellation.reset()
        do {
            _ = try runInterruptible { try self.interpreter.run(text, name: name) }
        } catch let e as SFNError {
            hadError = true
            printError(e.render())
        } catch {
            hadError = true
            printError("error: \(error)")
        }
        interpreter.cancellation.reset()
    }

    /// Runs `body` while forwarding Ctrl-C to the interpreter's cancellation flag.
    func runInterruptible<T>(_ body: @escaping () throws -> T) throws -> T {
        let done = Cancellation()  // used as a shared flag: set when the command has finished
        let cancellation = interpreter.cancellation
        let watcher = Thread {
            while !done.isCancelled {
                if sigintReceived.exchange(false, ordering: .relaxed) { cancellation.cancel() }
                usleep(10_000)
            }
        }
        watcher.start()
        defer { done.cancel() }
        return try body()
    }

    /// Handles a `:command`; returns false to leave the REPL.
    func command(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch parts[0] {
        case ":quit", ":q", ":exit":
            return false
        case ":help", ":h":
            print(Help.text(for: arg.isEmpty ? nil : arg, in: interpreter))
        case ":vars":
            let bindings = interpreter.globalBindings.filter { !Help.preludeNames.contains($0.name) }
            if bindings.isEmpty { print("(no variables)") }
            for (name, value) in bindings { print("\(name) = \(Help.summary(value))") }
        case ":load":
            guard !arg.isEmpty else { printError("usage: :load file.sfn"); return true }
            sigintReceived.store(false, ordering: .relaxed)
            do { _ = try runInterruptible { try self.interpreter.runFile(path: arg) } }
            catch let e as SFNError { hadError = true; printError(e.render()) }
            catch { hadError = true; printError("error: \(error)") }
            interpreter.cancellation.reset()
        case ":reset":
            interpreter = makeInterpreter()
            print("(all variables cleared)")
        default:
            printError("unknown command \(parts[0]); the commands are \(REPL.commands.joined(separator: " "))")
        }
        return true
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
}
