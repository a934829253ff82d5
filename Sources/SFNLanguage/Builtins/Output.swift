// Printing, and reading the environment.
import Foundation
import SFNSyntax

extension Builtins {
    static var output: [Builtin] { [
        Builtin("print", summary: "prints the values separated by spaces, then a newline",
                help: """
                    Strings print without quotes; other values in full (no elided elements), with the
                    prompt's significant digits (:precision; 6 by default, every digit after
                    :precision full). Scripts print every digit; string(x) and save are always exact.
                    """,
                parameters: [], variadic: "a, b, ...") { args in
            for (v, loc) in zip(args.rest, args.restLocations) where v.isTraced {
                throw SFNError("print: cannot print a value that depends on the objective's parameters (inside an objective, values are symbolic)", at: loc)
            }
            let digits = args.context.displayDigits
            args.context.write(args.rest.map { ValueDisplay.printed($0, digits: digits) }.joined(separator: " ") + "\n")
            return .nothing
        },
        Builtin("help", summary: "prints the help of a built-in or a value; help() lists the built-ins",
                help: """
                    help(sfn) and help("sfn") print what ?sfn and :help sfn print at the prompt: the
                    signature, the options and their defaults. help(f) of your own function says where it
                    was defined; help(x) of another value shows it.
                    """,
                parameters: [.optional("topic")]) { args in
            let text: String
            switch args.value("topic") {
            case nil: text = args.context.helpOverview
            case .string(let name)?: text = args.context.help(named: name)
            case let v?: text = HelpText.about(v)
            }
            args.context.write(text + "\n")
            return .nothing
        },
        Builtin("env", summary: "the value of an environment variable as a string (default when it is not set)",
                help: """
                    env("HOME") is the variable's text; an unset variable gives default (the empty string
                    unless given). Scripts use it to choose a reduced setting, e.g.
                    quick = env("SFN_QUICK") != "".
                    """,
                parameters: [.required("name"), .optional("default", .string(""))]) { args in
            let name = try args.string("name")
            let fallback = try args.string("default")
            guard !name.isEmpty, !name.contains("=") else {
                throw args.error("name must be a non-empty variable name without '=', got \"\(name)\"", at: "name")
            }
            return .string(ProcessInfo.processInfo.environment[name] ?? fallback)
        },
    ] }
}
