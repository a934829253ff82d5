// `sfn --machine`: the REPL for a program instead of a person (a Jupyter kernel drives it). One
// JSON request per line on standard input, JSON replies on standard output, each request ending
// with a `done` reply; SIGINT interrupts the running request as Ctrl-C does at the prompt. The
// protocol is in docs/kernel.md.
import Foundation
import SFNLanguage
import SFNSyntax

final class Machine {
    let channel = MachineChannel()
    /// The REPL whose interpreter, `:` commands and interrupt handling the requests share.
    let repl: REPL
    /// Names cells that do not name themselves (`<cell 1>`, …), for error locations.
    private var cells = 0

    init() {
        // `channel` has already made descriptor 1 a pipe, so long runs print plain progress lines.
        repl = REPL(interpreter: makeInterpreter())
        // A front end may start us with SIGINT blocked (a blocked mask survives exec; Foundation's
        // Process passes on its caller's): the interrupt must reach the handler.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        // A front end that dies cannot close our input while a long command runs: leave when the
        // parent process is gone (we are then handed to another parent), not when the run ends.
        let parent = getppid()
        Thread {
            while getppid() == parent { usleep(200_000) }
            _exit(0)
        }.start()
    }

    /// Answers requests until standard input ends; the exit status is 0.
    func run() -> Int32 {
        channel.send(["type": "ready", "version": sfnVersion])
        while let line = readLine(strippingNewline: true) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            var id: Any? = nil
            var status = "ok"
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                id = object["id"]
                channel.answering(id)
                status = answer(object)
            } else {
                channel.answering(nil)
                channel.send(["type": "error", "message": "a request is one JSON object per line", "text": "sfn --machine: not a JSON object: \(line)"])
                status = "error"
            }
            channel.sync()
            channel.send(["type": "done", "status": status])
            channel.answering(nil)
        }
        return 0
    }

    /// Answers one request; returns the status of its `done` reply ("ok" or "error").
    func answer(_ request: [String: Any]) -> String {
        let code = request["code"] as? String ?? ""
        let scalars = Array(code.unicodeScalars)
        let cursor = min(max((request["cursor"] as? Int) ?? scalars.count, 0), scalars.count)
        switch request["type"] as? String {
        case "execute":
            cells += 1
            return execute(code, name: request["name"] as? String ?? "<cell \(cells)>")
        case "complete":
            let (start, matches) = MachineQueries.completions(scalars, cursor: cursor, interpreter: repl.interpreter)
            channel.send(["type": "completions", "matches": matches, "start": start, "end": cursor])
        case "inspect":
            let name = request["name"] as? String ?? MachineQueries.name(in: scalars, at: cursor)
            let interpreter = repl.interpreter
            let found = !name.isEmpty && (interpreter.builtins[name] != nil || interpreter.global(name) != nil)
            channel.send(["type": "inspect", "found": found, "text": found ? Help.text(for: name, in: interpreter) : ""])
        case "is_complete":
            channel.send(["type": "is_complete", "status": MachineQueries.completeness(code)])
        case let other:
            channel.send(["type": "error", "message": "unknown request type \(other.map { "'\($0)'" } ?? "(none)")",
                          "text": "sfn --machine: the request types are execute, complete, inspect, is_complete"])
            return "error"
        }
        return "ok"
    }

    /// Runs a cell as a REPL entry: its output streams, the value of a final expression statement
    /// is the `result`, plots without `file=` are `display` replies.
    func execute(_ code: String, name: String) -> String {
        let interpreter = repl.interpreter  // the one this cell runs in (`:reset` replaces it)
        interpreter.figureHandler = { [channel] svg in
            channel.sync()  // the figure comes after what was printed before it
            channel.send(["type": "display", "mime": "image/svg+xml", "data": Machine.inline(svg)])
        }
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "ok" }
        if trimmed.hasPrefix("?") {
            let topic = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
            print(Help.text(for: topic.isEmpty ? nil : topic, in: interpreter))
            return "ok"
        }
        if trimmed.hasPrefix(":") {
            // The REPL's commands print for themselves (the channel turns that into stream text).
            if !repl.command(trimmed) { print("(\(trimmed) does not end a notebook's sfn: restart the kernel instead)") }
            return "ok"
        }
        let text = SourceText(name: name, text: code)
        do {
            var program = try Parser.parse(text)
            // The last statement's value is the cell's result rather than printed text.
            var shows = false
            if let last = program.statements.indices.last, case .expression(let e, silent: false) = program.statements[last].kind {
                program.statements[last].kind = .expression(e, silent: true)
                shows = true
            }
            // As the REPL's `report`: a Ctrl-C that came before this request does not stop it.
            sigintReceived.store(false, ordering: .relaxed)
            interpreter.cancellation.reset()
            defer { interpreter.cancellation.reset() }
            let value = try repl.runInterruptible { try interpreter.run(program, from: text) }
            if shows, !isNothing(value) {
                channel.sync()
                channel.send(["type": "result", "text": ValueDisplay.display(value)])
            }
            return "ok"
        } catch let e as SFNError {
            channel.sync()
            channel.send(["type": "error", "file": e.location.file, "line": e.location.line, "column": e.location.column,
                          "message": e.message, "text": e.render()])
        } catch {
            channel.sync()
            channel.send(["type": "error", "message": "\(error)", "text": "error: \(error)"])
        }
        return "error"
    }

    /// The SVG as an element to put inside a page: without the file's XML declaration, which
    /// HTML has no place for (nbconvert's sanitiser rejects an SVG that has one).
    static func inline(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
        return String(svg[end.upperBound...].drop { $0.isNewline })
    }

    private func isNothing(_ v: Value) -> Bool {
        if case .nothing = v { return true }
        return false
    }
}
