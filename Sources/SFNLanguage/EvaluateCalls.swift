// Calls: user functions and lambdas (a new scope over the captured one), built-ins (arguments
// bound against their declared parameters), native values.
import SFNMethods
import SFNNumerics
import SFNTape
import SFNSyntax

/// One evaluated call argument: positional when `name` is nil.
struct CallArgument {
    var name: String?
    var value: Value
    var location: SourceLocation
}

extension Interpreter {
    func evalCall(_ callee: Expr, _ arguments: [Argument], _ env: Environment, at location: SourceLocation) throws -> Value {
        let f = try eval(callee, env)
        var args: [CallArgument] = []
        args.reserveCapacity(arguments.count)
        for a in arguments {
            args.append(CallArgument(name: a.name, value: try eval(a.value, env),
                                     location: a.name == nil ? a.value.location : a.location))
        }
        var calleeName: String? = nil
        if case .name(let n) = callee.kind { calleeName = n }
        return try call(f, args, at: location, calleeName: calleeName)
    }

    func call(_ f: Value, _ args: [CallArgument], at location: SourceLocation, calleeName: String?) throws -> Value {
        switch f {
        case .function(let fn):
            switch fn.body {
            case .builtin(let b):
                return try callBuiltin(b, args, at: location)
            case .user(let parameters, let body, let closure):
                return try callUser(fn, parameters, body, closure, args, at: location)
            }
        case .native(let n):
            if let a = args.first(where: { $0.name != nil }), let name = a.name {
                throw SFNError("unknown named argument '\(name)' for a \(n.typeName)", at: a.location)
            }
            return try n.call(args.map(\.value), interpreter: self, at: location)
        default:
            let what = calleeName.map { "'\($0)' is \(f.kindDescription), not a function" }
                ?? "cannot call \(f.kindDescription)"
            throw SFNError(what, at: location)
        }
    }

    private func callUser(_ fn: Function, _ parameters: [String], _ body: Expr, _ closure: Environment,
                          _ args: [CallArgument], at location: SourceLocation) throws -> Value {
        let scope = Environment(parent: closure, isFunctionScope: true, traceID: traceID)
        var positional = 0
        for a in args {
            guard let name = a.name else {
                guard positional < parameters.count else {
                    throw SFNError("\(fn.displayName) expects \(Arguments.count(parameters.count, "argument")), got \(args.count)", at: location)
                }
                scope.define(parameters[positional], a.value)
                positional += 1
                continue
            }
            guard parameters.contains(name) else {
                throw SFNError("unknown named argument '\(name)' for \(fn.displayName); accepted: " + parameters.joined(separator: ", "), at: a.location)
            }
            guard scope.slot(of: name) == nil else {
                throw SFNError("argument '\(name)' of \(fn.displayName) is given twice", at: a.location)
            }
            scope.define(name, a.value)
        }
        if scope.slots.count != parameters.count {
            var message = "\(fn.displayName) expects \(Arguments.count(parameters.count, "argument")), got \(args.count)"
            if args.count >= parameters.count, let missing = parameters.first(where: { scope.slot(of: $0) == nil }) {
                message += " (missing '\(missing)')"
            }
            throw SFNError(message, at: location)
        }
        // A call polls for cancellation as a loop iteration does: recursion can be as long a
        // computation as a loop (f(n) = f(n - 1) + f(n - 1)), and Ctrl-C must stop it too.
        try checkCancelled(at: location)
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > maxCallDepth {
            throw SFNError("recursion too deep (more than \(maxCallDepth) nested calls)", at: location)
        }
        return try eval(body, scope)
    }

    func callBuiltin(_ b: Builtin, _ callArgs: [CallArgument], at location: SourceLocation) throws -> Value {
        try checkCancelled(at: location)  // `print(gd(...))`: the interrupt stops the print too
        let args = try Arguments(builtin: b, interpreter: self, location: location, arguments: callArgs)
        do {
            return try b.implementation(args)
        } catch let e as SFNError {
            throw e
        } catch let e as GraphError {
            throw SFNError(e.description, at: location)
        } catch let e as LinearAlgebraError {
            throw SFNError("\(b.name): \(e.description)", at: location)
        } catch AnalysisError.interrupted {
            throw SFNError("interrupted", at: location)
        } catch let e as AnalysisError {
            throw SFNError("\(b.name): \(e.description)", at: location)
        } catch {
            throw SFNError("\(b.name): \(error)", at: location)
        }
    }
}
