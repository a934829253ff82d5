// Printing.

extension Builtins {
    static var output: [Builtin] { [
        Builtin("print", signature: "print(a, b, ...)", summary: "prints the values separated by spaces, then a newline",
                help: "Strings print without quotes; other values as they display.",
                parameters: [], variadic: "values") { args in
            for (v, loc) in zip(args.rest, args.restLocations) where v.isTraced {
                throw SFNError("print: cannot print a value that depends on the objective's parameters (inside an objective, values are symbolic)", at: loc)
            }
            args.interpreter.write(args.rest.map(ValueDisplay.printed).joined(separator: " ") + "\n")
            return .nothing
        },
    ] }
}
