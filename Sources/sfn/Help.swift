// `:help`, `:help NAME` and `sfn --help`: generated from the built-in registry, so every command
// documents itself in one place.
import SFNLanguage

enum Help {
    /// Names bound before the user types anything (not listed by `:vars`).
    static let preludeNames: Set<String> = ["pi", "inf", "nan", "true", "false"]

    static func text(for name: String?, in interpreter: Interpreter) -> String {
        let registry = interpreter.builtins
        guard let name else { return overview(registry) }
        if let b = registry[name] { return b.helpText }
        if let v = interpreter.global(name) { return "\(name) = \(summary(v))" }
        return "no help for '\(name)'; :help lists the built-ins"
    }

    static func overview(_ registry: BuiltinRegistry) -> String {
        var lines = [
            "Define functions and explore their critical points:",
            "  f(x, y) = x^2 - y^2 + y^4/4",
            "  r = sfn(f, [0.1, 0.1]); classify(f, r.x)",
            "",
            "REPL commands: " + REPL.table.map(\.usage).joined(separator: "  "),
            "Ctrl-C interrupts a running command (its record has reason \"interrupted\"; a command",
            "without a record stops with no value); the rest of the entry does not run.",
            "",
            "Built-ins (:help NAME for options and defaults):",
        ]
        for n in registry.names {
            guard let b = registry[n] else { continue }
            lines.append("  " + pad(b.signature, 44) + " " + b.summary)
        }
        return lines.joined(separator: "\n")
    }

    /// One line describing a value, for `:vars`.
    static func summary(_ v: Value) -> String {
        let text = ValueDisplay.display(v).replacingOccurrences(of: "\n", with: " ")
        return text.count > 70 ? String(text.prefix(67)) + "..." : text
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
