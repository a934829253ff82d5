// Analysis commands: classify, spectrum, critical, check.
import SFNMethods
import SFNNumerics
import SFNSyntax
import SFNPlot

extension Builtins {
    static var analysis: [Builtin] { [
        Builtin("classify", summary: "classify the point x of f: minimum, maximum, saddle, degenerate or not critical",
                help: """
                    The second-derivative test with a tolerance. An eigenvalue λ of the Hessian counts as
                    zero when |λ| ≤ tol·max(1, max|λ|). "not critical" when ‖∇f‖ > gtol; otherwise "saddle"
                    when there are negative and positive eigenvalues (zeros allowed), "degenerate" when some
                    are zero and the rest share one sign, else "minimum" or "maximum".
                    Record: kind, index (negative eigenvalues), alpha (index / n), eigenvalues (ascending),
                    gnorm, f, x. quiet=true suppresses the printed line. Ctrl-C stops it ("interrupted").
                    """,
                parameters: [.required("f"), .required("x"), .named("tol", .number(1e-6), accepts: .nonNegative),
                             .named("gtol", .number(1e-6), accepts: .nonNegative)] + objectiveOptions) { args in
            let p = try args.context.compile(args.objectiveRequest("f", start: "x"))
            try noteFullHessian(args, p, perStep: false)
            let c = try classification(args, p, at: p.x0)
            if !(try args.bool("quiet")) { args.context.write(describe(c) + "\n") }
            return .record(Record(classificationFields(c, shapedAs: p)))
        },
        Builtin("spectrum", summary: "the Hessian's eigenvalues at x, with a histogram", draws: true,
                help: """
                    method="full": every eigenvalue (LAPACK dsyevd) in `eigenvalues`.
                    method="lanczos": k Ritz values from Lanczos with full reorthogonalisation, started from a
                    fixed random vector, in `ritz` (the extreme eigenvalues converge first; alpha is estimated
                    from the Ritz values). Both give min, max, alpha (fraction of negative eigenvalues) and
                    near_zero (eigenvalues within tol·max(1, max|λ|) of zero). Prints a histogram unless quiet.
                    method="density": stochastic Lanczos quadrature (probes random vectors, k Lanczos steps each),
                    a Gaussian-smoothed density on `grid` points: adds grid and density, with min, max and an
                    alpha estimate (the density's mass below zero).
                    The record's reason is "complete", or "interrupted" when Ctrl-C stopped a lanczos or density
                    run part way: it then holds the Ritz values of the steps taken, or the density of the probes
                    done (grid points not reached are nan). Ctrl-C during method="full" stops it with no record.
                    The histogram's bars are counts (bins=30 bins); log=true puts the counts on a log scale, as
                    Dauphin et al.'s Fig. 1b does, so that a few outlying eigenvalues show beside the bulk.
                    file="name.svg" writes the histogram (method="density": the density against λ) as an SVG
                    instead of printing it, title="..." titles it; the summary line is printed as before.
                    """,
                parameters: [.required("f"), .required("x"), .named("method", .string("full"), accepts: .oneOf(["full", "lanczos", "density"])),
                             .named("k", .number(20), accepts: .whole(1...100_000)), .named("bins", .number(30), accepts: .whole(1...1000)),
                             .named("grid", .number(200), accepts: .whole(2...1_000_000)),
                             .named("probes", .number(10), accepts: .whole(1...10_000)),
                             .named("tol", .number(1e-6), accepts: .nonNegative), .named("log", .bool(false)),
                             .named("file", shown: "..."), .named("title", shown: "...")]
                    + objectiveOptions) { args in
            let p = try args.context.compile(args.objectiveRequest("f", start: "x"))
            let method = try args.string("method")
            _ = try svgFile(args)  // a bad file name is refused before the work, not after
            let bins = try args.int("bins")
            let quiet = try args.bool("quiet")
            let tol = try args.number("tol")
            let values: [Double]
            var fields: [(String, Value)] = []
            var interruptedPart = false
            switch method {
            case "full":
                try noteFullHessian(args, p, perStep: false)
                values = try spectrumValues(args, p)
                fields.append(("eigenvalues", .vector(values)))
            case "lanczos":
                let k = try args.int("k")
                try checkLanczosBasis(args, "k", k: k, dimension: p.dimension)
                // The engine's errors become "spectrum: …" at the call (callBuiltin); a catch-all
                // here would also wrap the located errors of the arguments read inside it.
                let l: LanczosSpectrum
                do { l = try Methods.lanczosSpectrum(p.objective, at: p.x0, k: min(k, p.dimension), tol: tol,
                                                     cancellation: args.context.cancellation) }
                catch AnalysisError.interrupted { throw interrupted(args) }
                values = l.ritz
                interruptedPart = l.interrupted
                fields.append(("ritz", .vector(values)))
            case "density":
                let k = try args.int("k")
                try checkLanczosBasis(args, "k", k: k, dimension: p.dimension)
                let grid = try args.int("grid")
                let probes = try args.int("probes")
                let d: SpectralDensity
                do { d = try Methods.spectralDensity(p.objective, at: p.x0, k: min(k, p.dimension), probes: probes, grid: grid, tol: tol,
                                                     cancellation: args.context.cancellation) }
                catch AnalysisError.interrupted { throw interrupted(args) }
                values = d.nodes
                fields += [("grid", .vector(d.grid)), ("density", .vector(d.density)), ("min", .number(d.min)),
                           ("max", .number(d.max)), ("alpha", .number(d.alpha)), ("near_zero", .number(Double(d.nearZero))),
                           ("reason", .string(d.interrupted ? "interrupted" : "complete"))]
                if d.interrupted {
                    if !quiet {
                        args.context.write("spectrum: interrupted after \(d.probes) of \(probes) probes (\(d.hvps) Hessian-vector products)\n")
                    }
                } else {
                    if args.value("file") != nil {
                        let plot = LinePlot(title: try optionalString(args, "title"),
                                            series: [PlotSeries(label: "density", xs: d.grid, ys: d.density)], logY: false,
                                            xLabel: "Hessian eigenvalue", yLabel: "density (stochastic Lanczos quadrature)")
                        _ = try emit(args, wrote: "the density on \(d.grid.count) points") { _ in plot }
                    } else if !quiet {
                        args.context.write(densityPlot(d) + "\n")
                    }
                    if !quiet { args.context.write("density from \(d.hvps) Hessian-vector products: support [\(sci(d.min)), \(sci(d.max))], alpha ≈ \(sci(d.alpha))\n") }
                }
                return .record(Record(fields))
            default:
                throw args.error("method must be \"full\", \"lanczos\" or \"density\", got \"\(method)\"", at: "method")
            }
            let s = Spectrum(eigenvalues: values, tol: tol)
            fields += [("min", .number(s.min)), ("max", .number(s.max)), ("alpha", .number(s.alpha)),
                       ("near_zero", .number(Double(s.nearZero))),
                       ("reason", .string(interruptedPart ? "interrupted" : "complete"))]
            if interruptedPart {
                if !quiet { args.context.write("spectrum: interrupted after \(values.count) Lanczos steps\n") }
            } else {
                let log = try args.bool("log")
                if args.value("file") != nil {
                    var h = HistogramData(values, bins: min(bins, max(1, values.count)), logCounts: log, title: try optionalString(args, "title"))
                    h.xLabel = method == "lanczos" ? "Ritz value of the Hessian" : "Hessian eigenvalue"
                    h.yLabel = method == "lanczos" ? "number of Ritz values" : "number of eigenvalues"
                    _ = try emit(args, wrote: "a histogram of \(values.count) \(method == "lanczos" ? "Ritz values" : "eigenvalues")") { _ in h }
                } else if !quiet {
                    args.context.write(TextHistogram.render(values, bins: min(bins, max(1, values.count)), log: log) + "\n")
                    if log { args.context.write("(bar lengths ∝ count, log scale)\n") }
                }
                if !quiet { args.context.write("\(values.count) eigenvalues in [\(sci(s.min)), \(sci(s.max))], alpha = \(sci(s.alpha)), near zero: \(s.nearZero)\n") }
            }
            return .record(Record(fields))
        },
        Builtin("critical", summary: "Newton's method used on purpose to find the nearest critical point of any index",
                help: """
                    Steps −H⁺∇f (pseudo-inverse, so a singular Hessian is no obstacle) with a backtracking line
                    search on ‖∇f‖², then classifies the point it reaches. Record: the classify fields
                    (kind, index, alpha, eigenvalues, gnorm, f, x) plus steps, converged and reason. Ctrl-C
                    stops it with reason "interrupted" at the point reached, whose eigenvalues are then nan.
                    Options: steps=\(MethodDefaults.criticalSteps), tol=\(Builtin.Parameter.literal(.number(MethodDefaults.tolerance))) (on ‖∇f‖), quiet=false.
                    """,
                parameters: [.required("f"), .required("x0"), .named("steps", .number(Double(MethodDefaults.criticalSteps)), accepts: .whole(0...Int.max)),
                             toleranceOption] + objectiveOptions) { args in
            let p = try args.context.compile(args.objectiveRequest("f", start: "x0"))
            try noteFullHessian(args, p, perStep: true)
            let options = RunOptions(steps: try args.int("steps"), tol: try args.number("tol"),
                                     cancellation: args.context.cancellation)
            let r = Methods.critical(p.objective, x0: p.x0, options: options)
            if !(try args.bool("quiet")) {
                let what = r.run.reason == .interrupted ? "f = \(sci(r.classification.f)), |g| = \(sci(r.classification.gnorm))"
                    : describe(r.classification)
                args.context.write("critical: \(r.run.reason.rawValue) after \(r.steps) steps: " + what + "\n")
            }
            return .record(Record(classificationFields(r.classification, shapedAs: p)
                + [("steps", .number(Double(r.steps))), ("converged", .bool(r.converged)),
                   ("reason", .string(r.run.reason.rawValue))]))
        },
        Builtin("check", summary: "compare grad, hvp and hessian with central finite differences",
                help: """
                    Relative errors of the gradient, of Hessian-vector products in a few random directions,
                    and of the Hessian (up to 100 sampled columns for large m) against finite differences.
                    Record: ok (all errors ≤ 1e-5), grad_err, hvp_err, hessian_err, reason ("complete", or
                    "interrupted" when Ctrl-C stopped it: the errors not reached are nan and ok is false).
                    """,
                parameters: [.required("f"), .required("x")] + objectiveOptions) { args in
            let p = try args.context.compile(args.objectiveRequest("f", start: "x"))
            let c = Methods.check(p.objective, at: p.x0, cancellation: args.context.cancellation)
            if c.interrupted {
                if !(try args.bool("quiet")) { args.context.write("check: interrupted\n") }
            } else if !(try args.bool("quiet")) {
                args.context.write("check: \(c.ok ? "ok" : "MISMATCH"): grad_err = \(sci(c.gradErr)), hvp_err = \(sci(c.hvpErr)), hessian_err = \(sci(c.hessianErr))\n")
            }
            return .record(Record([("ok", .bool(c.ok)), ("grad_err", .number(c.gradErr)), ("hvp_err", .number(c.hvpErr)),
                                   ("hessian_err", .number(c.hessianErr)),
                                   ("reason", .string(c.interrupted ? "interrupted" : "complete"))]))
        },
    ] }

    /// The density as a small terminal chart (one row per band of the grid).
    static func densityPlot(_ d: SpectralDensity) -> String {
        let rows = 20, per = max(1, d.grid.count / rows)
        var lines: [String] = []
        let peak = d.density.max() ?? 1
        for r in stride(from: 0, to: d.grid.count, by: per) {
            let chunk = d.density[r..<min(r + per, d.density.count)]
            let v = chunk.reduce(0, +) / Double(chunk.count)
            let bar = String(repeating: "█", count: peak > 0 ? Int((v / peak * 40).rounded()) : 0)
            lines.append(pad(String(format: "%.3g", d.grid[r]), 10) + " " + bar)
        }
        return lines.joined(separator: "\n")
    }

    static func classification(_ args: Arguments, _ p: PreparedObjective, at x: [Double]) throws -> Classification {
        do {
            return try Methods.classify(p.objective, at: x, tol: try args.number("tol"), gtol: try args.number("gtol"),
                                        cancellation: args.context.cancellation)
        } catch AnalysisError.interrupted {
            throw interrupted(args)
        } catch let e as AnalysisError {
            throw args.error("\(e)")
        }
    }

    static func spectrumValues(_ args: Arguments, _ p: PreparedObjective) throws -> [Double] {
        do {
            return try Methods.spectrum(p.objective, at: p.x0, tol: try args.number("tol"),
                                        cancellation: args.context.cancellation).eigenvalues
        } catch AnalysisError.interrupted {
            throw interrupted(args)
        } catch let e as AnalysisError {
            throw args.error("\(e)")
        }
    }
}
