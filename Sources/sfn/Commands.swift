// The REPL's `:` commands: one table, which `:help`, completion and the error for an unknown
// command all read.
import Foundation
import SFNLanguage

extension REPL {
    /// A `:` command: its names (the first is the one completion and `:help` show), its usage,
    /// what it does, and its action; the action returns false to leave the REPL.
    struct Command: Sendable {
        let names: [String]
        let usage: String
        let summary: String
        let run: @Sendable (REPL, String) -> Bool
    }

    /// Every `:` command, in the order `:help` lists them.
    static let table: [Command] = [
        Command(names: [":help", ":h"], usage: ":help [name]",
                summary: "this overview, or help on a built-in or variable (also ?name)") { repl, arg in
            print(Help.text(for: arg.isEmpty ? nil : arg, in: repl.interpreter)); return true
        },
        Command(names: [":vars"], usage: ":vars", summary: "the variables you have bound") { repl, _ in
            let bindings = repl.interpreter.globalBindings.filter { !HelpText.preludeNames.contains($0.name) }
            if bindings.isEmpty { print("(no variables)") }
            for (name, value) in bindings { print("\(name) = \(Help.summary(value))") }
            return true
        },
        Command(names: [":load", ":l"], usage: ":load file.sfn",
                summary: "runs a script here, keeping its bindings (names it rebinds are listed)") { repl, arg in
            guard !arg.isEmpty else { printError("usage: :load file.sfn"); return true }
            repl.load(arg)
            return true
        },
        Command(names: [":time"], usage: ":time expr",
                summary: "runs expr and prints its wall time (and a command's evals and hvps)") { repl, arg in
            guard !arg.isEmpty else { printError("usage: :time expr"); return true }
            repl.time(arg)
            return true
        },
        Command(names: [":precision"], usage: ":precision [n|full]",
                summary: "significant digits shown at the prompt (default 6; full: every digit)") { repl, arg in
            repl.setPrecision(arg)
            return true
        },
        Command(names: [":reset"], usage: ":reset", summary: "clears every variable") { repl, _ in
            repl.interpreter = repl.configured(makeInterpreter())
            print("(all variables cleared)")
            return true
        },
        Command(names: [":quit", ":q", ":exit"], usage: ":quit (or Ctrl-D)", summary: "leaves the REPL") { _, _ in false },
    ]

    /// The commands' main names, for completion and messages.
    static var commands: [String] { table.map { $0.names[0] } }

    /// `:load file`: runs it, then names the earlier bindings it replaced (IPython's %run would
    /// replace them silently; a note keeps a script from clobbering your work unnoticed).
    func load(_ path: String) {
        var before: [String: Int] = [:]
        for (name, version) in interpreter.globalVersions where !HelpText.preludeNames.contains(name) && name != "ans" {
            before[name] = version
        }
        report { try self.interpreter.runFile(path: path) }
        let rebound = interpreter.globalVersions.filter { b in before[b.name].map { $0 != b.version } ?? false }.map(\.name)
        if !rebound.isEmpty { print("(\(path) rebound " + rebound.joined(separator: ", ") + ")") }
    }

    /// `:time expr`: the entry runs as usual (its value is shown and becomes `ans`), then one line
    /// with the wall time and, when the value (or the variable an assignment bound) is a command's
    /// record, its evaluations and Hessian-vector products.
    func time(_ source: String) {
        let start = DispatchTime.now().uptimeNanoseconds
        guard let value = evaluate(source) else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var line = "time: " + REPL.duration(seconds)
        if case .record(let r) = value, let evals = r["evals"], let hvps = r["hvps"] {
            line += ", \(evals) evals, \(hvps) hvps"
        }
        print(line)
    }

    /// `0.52 s`, `12.3 ms`, `85 µs`.
    static func duration(_ seconds: Double) -> String {
        if seconds >= 1 { return String(format: "%.3g s", seconds) }
        if seconds >= 1e-3 { return String(format: "%.3g ms", seconds * 1e3) }
        return String(format: "%.3g µs", seconds * 1e6)
    }

    /// `:precision`, `:precision 10`, `:precision full`.
    func setPrecision(_ arg: String) {
        switch arg {
        case "":
            print("showing " + (digits.map { "\($0) significant digits" } ?? "every digit (full)"))
        case "full":
            digits = nil
        default:
            guard let n = Int(arg), (1...17).contains(n) else {
                printError("usage: :precision [n|full], n from 1 to 17 (17 digits show any double exactly)")
                return
            }
            digits = n
        }
        interpreter.displayOptions.digits = digits
    }
}
