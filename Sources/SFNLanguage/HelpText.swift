// The help text that `:help`, `?name` (the REPL) and `help(name)` (a built-in, so also in scripts,
// notebooks and embedders) show: all of it generated from the built-in registry, in one place.
import SFNSyntax

package enum HelpText {
    /// Names bound before the user types anything (not listed by `:vars`).
    package static let preludeNames: Set<String> = ["pi", "inf", "nan", "true", "false"]

    /// Help on one name: a built-in's signature, summary and options; a variable's value.
    package static func text(for name: String, in interpreter: Interpreter) -> String {
        if let b = interpreter.builtins[name] { return b.helpText }
        if let v = interpreter.global(name) { return about(v, named: name) }
        if let near = Suggestions.closest(to: name, among: interpreter.builtins.names) {
            return "no help for '\(name)'; did you mean '\(near)'? help() lists the built-ins"
        }
        return "no help for '\(name)'; help() lists the built-ins"
    }

    /// Help on a value: a built-in function's help, what a user function is, or the value.
    package static func about(_ v: Value, named name: String? = nil) -> String {
        switch v {
        case .function(let f):
            if case .builtin(let b) = f.body { return b.helpText }
            let defined = f.location.map { ", defined at \($0)" } ?? ""
            return ValueDisplay.function(f) + defined
        default:
            return (name.map { "\($0) = " } ?? "") + summary(v) + " (\(v.kindDescription))"
        }
    }

    /// One line per built-in: its signature and summary (what `help()` and `:help` list).
    package static func builtinList(_ registry: BuiltinRegistry) -> [String] {
        registry.names.compactMap { n in
            registry[n].map { "  " + pad($0.signature, 44) + " " + $0.summary }
        }
    }

    /// The overview `help()` prints.
    package static func overview(_ registry: BuiltinRegistry) -> String {
        (["Built-ins (help(name) or, at the prompt, ?name for options and defaults):"] + builtinList(registry))
            .joined(separator: "\n")
    }

    /// One line describing a value, for `:vars`.
    package static func summary(_ v: Value) -> String {
        let text = ValueDisplay.display(v).replacingOccurrences(of: "\n", with: " ")
        return text.count > 70 ? String(text.prefix(67)) + "..." : text
    }

    package static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}

extension CommandContext {
    /// Help on a name (the `help` built-in with a string).
    package func help(named name: String) -> String { HelpText.text(for: name, in: interpreterForHelp) }
    /// The overview of every built-in.
    package var helpOverview: String { HelpText.overview(interpreterForHelp.builtins) }
}
