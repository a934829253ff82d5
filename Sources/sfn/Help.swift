// `:help`, `:help NAME`, `?NAME` and `sfn --help`: the built-ins' part comes from the registry
// through HelpText (which the `help` built-in also prints), so every command documents itself in
// one place; this file adds the REPL's own commands.
import SFNLanguage

enum Help {
    static func text(for name: String?, in interpreter: Interpreter) -> String {
        guard let name else { return overview(interpreter.builtins) }
        // `:help :time`, and `:help time` when no built-in or variable is called that (`:help load`
        // is the built-in load, `:help :load` the command).
        let known = interpreter.builtins[name] != nil || interpreter.global(name) != nil
        if let c = REPL.table.first(where: { $0.names.contains(name) || (!known && $0.names.contains(":" + name)) }) {
            return c.usage + "\n    " + c.summary
        }
        return HelpText.text(for: name, in: interpreter)
    }

    static func overview(_ registry: BuiltinRegistry) -> String {
        var lines = [
            "Define functions and explore their critical points:",
            "  f(x, y) = x^2 - y^2 + y^4/4",
            "  r = sfn(f, [0.1, 0.1]); classify(f, r.x)",
            "",
            "REPL commands:",
        ]
        for c in REPL.table { lines.append("  " + HelpText.pad(c.usage, 22) + " " + c.summary) }
        lines += [
            "At the prompt: ans is the last value shown; ?name is :help name; Tab completes names,",
            "r.<Tab> a record's fields, name= inside a call, and file paths inside a string.",
            "Values show 6 significant digits fitted to the terminal (:precision full for every",
            "digit); print(x) shows every element. Ctrl-C interrupts a running command",
            "(its record has reason \"interrupted\"; a command without a record stops with no",
            "value); the rest of the entry does not run. A command that runs past 2 s shows one",
            "line redrawn in place: step (epoch for sgd's batches) of total, f, |g|, rate and ETA.",
            "",
        ]
        return (lines + [HelpText.overview(registry)]).joined(separator: "\n")
    }

    /// One line describing a value, for `:vars`.
    static func summary(_ v: Value) -> String { HelpText.summary(v) }
}
