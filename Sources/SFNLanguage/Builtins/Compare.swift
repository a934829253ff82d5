// compare: every method on every problem, a table of costs and a Dolan–Moré performance profile
// (LANGUAGE.md §6, Analysis). The runs are the optimisers' own calls; this file reads their records.
import Foundation
import SFNMethods
import SFNNumerics
import SFNSyntax
import SFNPlot

extension Builtins {
    static var comparison: [Builtin] { [
        Builtin("compare", summary: "run every method on every problem: a table of costs and a performance profile", draws: true,
                help: """
                    methods: a list of optimiser names ("sfn", "lbfgs", …) or functions (f, x0) -> record, so that
                    (f, x) -> sfn(f, x, krylov=5) compares settings (a function declaring a third parameter gets the
                    problem's data). problems: a list of records with f and x0, and optionally name, fstar and data
                    (import "mgh" gives mgh_problems). steps= is handed to the methods given by name (a function sets
                    its own). Every run is quiet; an error in one run is recorded as not solved, with a note.
                    A run has solved its problem when f came within 1e-6·max(1, |fstar|) of fstar (when the
                    problem gives fstar), else when it converged. Its cost is evals + hvps up to the first history
                    entry that met the test (from history_evals and history_hvps; the whole run's when the record
                    lacks them), inf where not solved.
                    Prints the table (the cost of each run, - where not solved) and the Dolan–Moré performance
                    profile: ρ(τ) = the fraction of problems a method solved within τ times the best method's cost
                    (Dolan and Moré 2002). file="name.svg" writes the profile as an SVG instead of drawing it.
                    Ctrl-C stops the comparison; the runs not made count as not solved.
                    Record: methods and problems (their names), solved (0/1, problems × methods), cost (problems ×
                    methods), seconds (problems × methods, each run's wall-clock time), f (each run's final f, nan
                    after an error) and notes (a list of strings: errors, interruptions, f below fstar).
                    """,
                parameters: [.required("methods"), .required("problems"), .named("steps", .number(Double(MethodDefaults.steps))),
                             .named("file", shown: "..."), .named("title", shown: "..."), quietOption]) { args in
            try compare(args)
        },
    ] }

    /// A method of a comparison: its name in the table and the function value called.
    private struct ComparedMethod {
        var name: String
        var function: Value
        /// A built-in optimiser given by name: it gets `steps=` and `quiet=true`.
        var isOptimiser: Bool
        /// A function that declares a third parameter, which receives the problem's data.
        var takesData: Bool
    }

    /// A problem of a comparison, read from its record.
    private struct ComparedProblem {
        var name: String
        var f: Value
        var x0: Value
        var fstar: Double?
        var data: Value?
    }

    private static func compare(_ args: Arguments) throws -> Value {
        let methods = try comparedMethods(args)
        let problems = try comparedProblems(args)
        let steps = try args.int("steps", in: 0...Int.max)
        let context = args.context
        let (P, M) = (problems.count, methods.count)
        var solved = [[Double]](repeating: [Double](repeating: 0, count: M), count: P)
        var cost = [[Double]](repeating: [Double](repeating: .infinity, count: M), count: P)
        var seconds = [[Double]](repeating: [Double](repeating: 0, count: M), count: P)
        var finalF = [[Double]](repeating: [Double](repeating: .nan, count: M), count: P)
        var notes: [String] = []
        var made = 0
        let clock = ContinuousClock()
        runs: for (p, problem) in problems.enumerated() {
            for (s, method) in methods.enumerated() {
                if context.cancellation.isCancelled { break runs }
                let start = clock.now
                defer { seconds[p][s] = Double((clock.now - start).components.attoseconds) * 1e-18
                            + Double((clock.now - start).components.seconds) }
                let value: Value
                do {
                    value = try context.silenced {
                        if method.isOptimiser {
                            var named: [(String, Value)] = [("steps", .number(Double(steps))), ("quiet", .bool(true))]
                            if let d = problem.data { named.append(("data", d)) }
                            return try context.call(method.function, [problem.f, problem.x0], named: named, at: args.location)
                        }
                        let extra = method.takesData ? [problem.data ?? .nothing] : []
                        return try context.call(method.function, [problem.f, problem.x0] + extra, named: [], at: args.location)
                    }
                } catch let e as SFNError {
                    if context.cancellation.isCancelled { break runs }
                    notes.append("\(problem.name) / \(method.name): error: \(e.message)")
                    made += 1
                    continue
                }
                made += 1
                guard case .record(let r) = value else {
                    notes.append("\(problem.name) / \(method.name): returned \(value.kindDescription), not an optimiser record")
                    continue
                }
                let outcome = judge(r, problem)
                finalF[p][s] = outcome.f
                if outcome.solved { solved[p][s] = 1; cost[p][s] = outcome.cost }
                if let note = outcome.note { notes.append("\(problem.name) / \(method.name): \(note)") }
                if case .string("interrupted")? = r["reason"], context.cancellation.isCancelled { break runs }
            }
        }
        if made < P * M {
            notes.append("interrupted: \(made) of \(P * M) runs made; the others count as not solved")
        }

        let names = methods.map(\.name)
        let profile = PerformanceProfile(methods: names, cost: cost, title: try optionalString(args, "title"))
        let quiet = try args.bool("quiet")
        if !quiet {
            context.write(comparisonTable(names, problems.map(\.name), cost: cost, solved: solved, seconds: seconds))
            for note in notes { context.write("note: " + note + "\n") }
        }
        if args.value("file") != nil || !quiet {
            _ = try emit(args, wrote: "the performance profile of \(M) method\(M == 1 ? "" : "s")") { _ in profile }
        }
        func matrix(_ rows: [[Double]]) -> Value { .tensor(Tensor(shape: [P, M], scalars: rows.flatMap { $0 })) }
        return .record(Record([
            ("methods", .list(names.map { .string($0) })), ("problems", .list(problems.map { .string($0.name) })),
            ("solved", matrix(solved)), ("cost", matrix(cost)), ("seconds", matrix(seconds)), ("f", matrix(finalF)),
            ("notes", .list(notes.map { .string($0) })),
        ]))
    }

    /// Whether a run's record solved the problem, and at what cost (see compare's help).
    private static func judge(_ r: Record, _ problem: ComparedProblem) -> (solved: Bool, cost: Double, f: Double, note: String?) {
        func number(_ name: String) -> Double? {
            switch r[name] {
            case .number(let x)?: return x
            case .tensor(let t)? where t.count == 1: return t.scalars[0]
            default: return nil
            }
        }
        func vector(_ name: String) -> [Double]? {
            switch r[name] {
            case .tensor(let t)? where t.rank == 1: return t.scalars
            case .number(let x)?: return [x]
            default: return nil
            }
        }
        guard let f = number("f") else { return (false, .infinity, .nan, "the record has no number f") }
        let whole = (number("evals") ?? .nan) + (number("hvps") ?? .nan)
        let unknown = whole.isNaN ? "the record has no evals and hvps: cost unknown" : nil
        guard let fstar = problem.fstar else {
            if case .bool(true)? = r["converged"] { return (true, whole, f, unknown) }
            return (false, .infinity, f, nil)
        }
        let tol = 1e-6 * max(1, abs(fstar))
        let meets = { (v: Double) in v.isFinite && abs(v - fstar) <= tol }
        let below = f < fstar - tol ? "f = \(sci(f)) is below fstar = \(sci(fstar))" : nil
        if let h = vector("history"), let e = vector("history_evals"), let k = vector("history_hvps"),
           h.count == e.count, h.count == k.count, let i = h.firstIndex(where: meets) {
            return (true, e[i] + k[i], f, below)
        }
        if meets(f) { return (true, whole, f, unknown) }
        return (false, .infinity, f, below)
    }

    /// The methods argument: a list of names and functions (or one of them).
    private static func comparedMethods(_ args: Arguments) throws -> [ComparedMethod] {
        let items = try listArgument(args, "methods")
        guard !items.isEmpty else { throw args.error("methods is empty; give names such as [\"sfn\", \"lbfgs\"]", at: "methods") }
        return try items.enumerated().map { k, item in
            switch item {
            case .string(let name):
                guard case .function(let fn)? = args.context.builtinValue(name), isOptimiser(fn) else {
                    let known = optimisers.map(\.name).joined(separator: ", ")
                    throw args.error("\"\(name)\" is not an optimiser (optimisers: \(known)); a function (f, x0) -> record also works", at: "methods")
                }
                return ComparedMethod(name: name, function: .function(fn), isOptimiser: true, takesData: false)
            case .function(let fn):
                let count = fn.parameters.count
                guard isOptimiser(fn) || count == 2 || count == 3 else {
                    throw args.error("method \(k + 1) takes \(count) parameters; give a function (f, x0) -> record", at: "methods")
                }
                let name = fn.name ?? lambdaText(fn, args.context) ?? "method \(k + 1)"
                return ComparedMethod(name: name, function: item, isOptimiser: isOptimiser(fn), takesData: count == 3)
            default:
                throw args.error("method \(k + 1) is \(item.kindDescription); give an optimiser's name or a function (f, x0) -> record", at: "methods")
            }
        }
    }

    /// A built-in that takes an objective, a start and the optimisers' common options.
    private static func isOptimiser(_ fn: Function) -> Bool {
        guard case .builtin(let b) = fn.body else { return false }
        let names = Set(b.parameters.map(\.name))
        return b.parameters.first?.name == "f" && names.isSuperset(of: ["x0", "steps", "quiet"])
    }

    /// How a lambda was written, `(f, x) -> sfn(f, x, krylov=5)`, from its source line: the text
    /// after its `->` up to the `,` or closing bracket that ends it. Nil when the source is not known.
    private static func lambdaText(_ fn: Function, _ context: CommandContext) -> String? {
        guard let at = fn.location, let line = context.sourceLine(at: at) else { return nil }
        let chars = Array(line)
        guard at.column >= 1, at.column + 1 <= chars.count, chars[at.column - 1] == "-", chars[at.column] == ">" else { return nil }
        var depth = 0, inString = false, end = chars.count
        var i = at.column + 1
        scan: while i < chars.count {
            let c = chars[i]
            if inString {
                if c == "\\" { i += 1 } else if c == "\"" { inString = false }
            } else {
                switch c {
                case "\"": inString = true
                case "(", "[", "{": depth += 1
                case ")", "]", "}": if depth == 0 { end = i; break scan }; depth -= 1
                case ",", ";", "#": if depth == 0 { end = i; break scan }
                default: break
                }
            }
            i += 1
        }
        let body = String(chars[(at.column + 1)..<end]).trimmingCharacters(in: .whitespaces)
        guard !body.isEmpty else { return nil }
        return "(" + fn.parameters.joined(separator: ", ") + ") -> " + body
    }

    /// A list argument's elements: a list, `[]` (an empty vector), or one value standing alone.
    private static func listArgument(_ args: Arguments, _ name: String) throws -> [Value] {
        switch try args.required(name) {
        case .list(let l): return l
        case .tensor(let t) where t.count == 0: return []
        case let one: return [one]
        }
    }

    /// The problems argument: a list of records with f and x0 (or one record).
    private static func comparedProblems(_ args: Arguments) throws -> [ComparedProblem] {
        let items = try listArgument(args, "problems")
        guard !items.isEmpty else { throw args.error("problems is empty", at: "problems") }
        return try items.enumerated().map { k, item in
            guard case .record(let r) = item, let f = r["f"], let x0 = r["x0"] else {
                throw args.error("problem \(k + 1) must be a record with fields f and x0, as record(f=rosen, x0=[-1.2, 1]); got \(item.kindDescription)",
                                 at: "problems")
            }
            var name = "problem \(k + 1)"
            if case .string(let s)? = r["name"] { name = s }
            var fstar: Double?
            switch r["fstar"] {
            case nil: break
            case .number(let x)?: fstar = x
            case let other?: throw args.error("problem \(k + 1): fstar must be a number, got \(other.kindDescription)", at: "problems")
            }
            return ComparedProblem(name: name, f: f, x0: x0, fstar: fstar, data: r["data"])
        }
    }

    /// The table: a row per problem with each method's cost (- where not solved), then the count
    /// of problems each method solved and its total time.
    static func comparisonTable(_ methods: [String], _ problems: [String], cost: [[Double]], solved: [[Double]],
                                seconds: [[Double]]) -> String {
        func cut(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
        let first = min(28, max(7, problems.map(\.count).max() ?? 0))
        let widths = methods.map { min(28, max(8, $0.count)) }
        func row(_ label: String, _ cells: [String]) -> String {
            var line = cut(label, first).padding(toLength: first, withPad: " ", startingAt: 0)
            for (w, c) in zip(widths, cells) { line += "  " + pad(cut(c, w), w) }
            return line + "\n"
        }
        var out = row("problem", methods)
        for (p, name) in problems.enumerated() {
            out += row(name, cost[p].map { $0.isFinite ? PlotFormat.short($0) : ($0.isNaN ? "?" : "-") })
        }
        let counts = methods.indices.map { s in Int(solved.reduce(0) { $0 + $1[s] }) }
        out += row("solved", counts.map { "\($0)/\(problems.count)" })
        out += row("seconds", methods.indices.map { s in String(format: "%.3g", seconds.reduce(0) { $0 + $1[s] }) })
        return out
    }
}
