// Derivatives of an objective through its compiled tape: grad, hessian, hvp.
import SFNNumerics
import SFNTape
import SFNSyntax

extension Builtins {
    /// The options every command taking an objective accepts besides its own (LANGUAGE.md §5 and
    /// §6): the dataset, the parameter shapes, and quiet (which silences what the command prints).
    static var objectiveOptions: [Builtin.Parameter] {
        [Builtin.Parameter.named("data").common, .named("shapes").common, quietOption]
    }

    static let objectiveHelp = """
        f is compiled once per parameter shape (and cached): θ is all its parameters flattened in order.
        With one parameter, x has its shape; with k parameters and k elements in x, each is a number;
        otherwise give shapes=[[2, 3], [3]]. With data=D, f is f(w, batch) and batch receives D.
        quiet=true is accepted, as by every command taking an objective; these print nothing anyway.
        """

    static var derivatives: [Builtin] { [
        Builtin("grad", summary: "the gradient of f at x (shaped like x)",
                help: objectiveHelp, parameters: [.required("f"), .required("x")] + objectiveOptions) { args in
            let p = try args.context.compile(args.objectiveRequest("f", start: "x"))
            return p.shaped(p.objective.valueAndGradient(at: p.x0).gradient)
        },
        Builtin("hessian", summary: "the Hessian matrix of f at x (m×m; a number for a scalar x)",
                help: objectiveHelp, parameters: [.required("f"), .required("x")] + objectiveOptions) { args in
            let p = try args.context.compile(args.objectiveRequest("f", start: "x"))
            guard Double(p.dimension) * Double(p.dimension) <= Double(maxElements) else {
                throw args.error("a Hessian of \(p.dimension)×\(p.dimension) elements is too large to hold; use hvp(f, x, v)")
            }
            guard let h = p.objective.hessian(at: p.x0, isCancelled: isCancelled(args)) else { throw interrupted(args) }
            if p.startShape.isEmpty, h.count == 1 { return .number(h.scalars[0]) }
            return .tensor(h)
        },
        Builtin("hvp", summary: "the Hessian-vector product H(x) v (shaped like x)",
                help: objectiveHelp, parameters: [.required("f"), .required("x"), .required("v")] + objectiveOptions) { args in
            let p = try args.context.compile(args.objectiveRequest("f", start: "x"))
            let v = try p.direction(try args.tensor("v").scalars, name: "direction", of: (try args.function("f")).displayName,
                                    at: args.location(of: "v"))
            return p.shaped(p.objective.hessianVectorProduct(at: p.x0, v))
        },
    ] }
}
