// Plots and files: plot, hist, scatter, contour (terminal or SVG) and save (JSON). The drawing is
// in the SFNPlot module; this file reads the arguments and writes the results.
import Foundation
import SFNNumerics
import SFNSyntax
import SFNPlot

extension Builtins {
    static var plots: [Builtin] { [
        Builtin("plot", category: .plot, summary: "learning curves of optimiser results (or vectors), in the terminal or as an SVG file",
                help: """
                    Each argument is an optimiser result (its history, labelled by its method) or a vector
                    (labelled "series k"); a matrix gives a series per column; a list counts as its
                    elements. x is the step (history[1] is step 0, the start), or the index from 0.
                    log=true (default): y on a log scale. When every value is positive y is drawn as is;
                    when some value is ≤ 0, all curves are drawn as f − min + δ, with min the smallest
                    value over all series and δ = 1e-6·(max − min), and the axis says so: the curves then
                    show the distance to the best value reached. Non-finite values are left out.
                    title="..." puts a title above the plot.
                    labels=["a", "b"] names the series in the legend, one string per series in order (a
                    matrix counts one series per column); label= is the same argument (as in Plots.jl),
                    and a single string names a single series. xlabel="..." and ylabel="..." title the
                    axes (default "step" and "f"; on the log scale's shifted form y reads "ylabel − (min)").
                    xs=v gives the x of every point instead of the step: one vector for all series (each
                    as long as it), or a list of vectors (or a matrix's rows), one per series in order,
                    each as long as its series, e.g. xs=[r.history_seconds for r in runs] draws loss against wall time.
                    logx=true puts x on a log scale (points with x ≤ 0 are left out).
                    In the terminal the curves are drawn in braille dots (2×4 per character, as UnicodePlots.jl),
                    each series in its own colour with a legend; where curves cross, both stay visible and
                    the one drawn last gives the colour (the longest is drawn first, so a short run stays in
                    view). Without colour (output not a terminal, or NO_COLOR set) several series cannot be
                    told apart by dots: each gets a marker character instead (•, +, *, #, …, one per cell),
                    named in the legend; a single series stays in braille. The plot is as wide as the
                    terminal less the axis labels and a third as tall (80 columns when output is not a
                    terminal, or COLUMNS); width= and height= set its area in characters instead.
                    In an SVG a series named after a method (gd, sgd, newton, sfn, sfhf, lbfgs, or "gradient
                    descent", "saddle-free Newton", "Krylov SFN", …) has that method's colour in every figure;
                    a second series of one method is dashed. A legend that would cover data goes below the plot.
                    file="name.svg" writes an SVG (relative to the current directory) instead of drawing
                    in the terminal, and prints where. Returns nothing.
                    """,
                parameters: [.named("file", shown: "..."), .named("log", .bool(true)), .named("title", shown: "..."), .named("label", shown: "..."),
                             .named("labels", shown: "[...]"), .named("xlabel", shown: "..."), .named("ylabel", shown: "..."), .named("xs", shown: "..."),
                             .named("logx", .bool(false))] + textSize,
                variadic: "r1, r2, ...") { args in
            var series: [PlotSeries] = []
            for (k, (v, loc)) in zip(args.rest, args.restLocations).enumerated() {
                try collectSeries(v, number: k + 1, at: loc, into: &series)
            }
            guard !series.isEmpty else {
                throw args.error("give at least one optimiser result or vector to plot, as in plot(r1, r2)")
            }
            let names = try seriesLabels(args, count: series.count)
            if let names { for i in series.indices { series[i].label = names[i] } } else { series = uniqueLabels(series) }
            if args.value("xs") != nil { try applyXs(args, to: &series) }
            var plot = LinePlot(title: try title(args), series: series, logY: try args.bool("log"),
                                xLabel: try optionalString(args, "xlabel") ?? "step",
                                yLabel: try optionalString(args, "ylabel") ?? "f")
            plot.named = names != nil
            if try args.bool("logx") { plot = plot.withLogX() }
            return try emit(args, wrote: "\(series.count) curve\(series.count == 1 ? "" : "s")") { _ in plot }
        },
        Builtin("hist", category: .plot, summary: "histogram of the values of a vector (or any tensor), in the terminal or as an SVG file",
                help: """
                    bins=30 equal bins over [min, max] (the last includes max); non-finite values are left
                    out; all-equal values make one bin. Bars are counts; log=true puts the counts on a log
                    scale (bars from ½ up to the count, ticks at 1, 10, 100, …, the axis says "count (log
                    scale)"), so that rare values stay visible beside a tall bin. The terminal form prints
                    one line per bin: its left edge, the bar and the count.
                    hist(v1, v2, ...) draws several data sets on one x axis with shared bins over the range
                    of them all (an SVG overlays them as outlined, lightly filled steps; the terminal prints
                    one block per set), so that their shapes compare, as for spectra before and after
                    training; labels=["a", "b"] names them, one string per set.
                    label="..." names the data in a legend (labels= is the same argument: one string, or a
                    list of one per data set); xlabel="..." and ylabel="..." title the axes (default "value"
                    and "count"). In the terminal they add a last line: the name, what the rows and bars are.
                    file="name.svg" writes an SVG instead and prints where. Returns nothing.
                    """,
                parameters: [.required("v"), .named("bins", .number(30), accepts: .whole(1...10_000)), .named("log", .bool(false)), .named("file", shown: "..."),
                             .named("title", shown: "..."), .named("label", shown: "..."), .named("labels", shown: "[...]"), .named("xlabel", shown: "..."),
                             .named("ylabel", shown: "...")],
                variadic: "v2, ...") { args in
            var sets: [[Double]] = []
            if case .tensor(let t) = try args.required("v") { sets.append(t.scalars) } else { sets.append(try args.vector("v")) }
            for (k, (v, loc)) in zip(args.rest, args.restLocations).enumerated() {
                switch v {
                case .tensor(let t): sets.append(t.scalars)
                case .number(let x): sets.append([x])
                case .list(let items) where items.allNumbers != nil: sets.append(items.allNumbers!)
                default:
                    throw SFNError("hist: data set \(k + 2) must be a vector (or any tensor), got \(v.kindDescription)", at: loc)
                }
            }
            let bins = try args.int("bins")
            var h = HistogramData(sets: sets, bins: bins, logCounts: try args.bool("log"), title: try title(args))
            h.labels = try seriesLabels(args, count: sets.count, of: "data set") ?? []
            h.xLabel = try optionalString(args, "xlabel") ?? h.xLabel
            h.yLabel = try optionalString(args, "ylabel") ?? h.yLabel
            let what = sets.count == 1 ? "\(h.counts.count) bins" : "\(sets.count) data sets in \(h.counts.count) bins"
            return try emit(args, wrote: what) { _ in h }
        },
        Builtin("scatter", category: .plot, summary: "scatter plot of the points (xs[i], ys[i]), in the terminal or as an SVG file",
                help: """
                    xs and ys are vectors of the same length; points with a non-finite coordinate are left
                    out. label="..." names the points in the legend (default "N points"; labels= is the same
                    argument), xlabel="..." and ylabel="..." title the axes (default "x" and "y").
                    In the terminal: braille dots sized to the terminal, as plot draws them (width= and
                    height= set the area in characters).
                    groups=g (a vector as long as xs) splits the points by the value of g, each group its own
                    colour (its own marker in the terminal without colour) and legend entry, in ascending
                    order of g: labels=["a", "b"] names them, one string per group, else "group 0", "group 1", ….
                    file="name.svg" writes an SVG instead and prints where. Returns nothing.
                    """,
                parameters: [.required("xs"), .required("ys"), .named("file", shown: "..."), .named("title", shown: "..."), .named("label", shown: "..."),
                             .named("labels", shown: "[...]"), .named("xlabel", shown: "..."), .named("ylabel", shown: "..."),
                             .named("groups", shown: "...")] + textSize) { args in
            let xs = try args.vector("xs"), ys = try args.vector("ys")
            guard xs.count == ys.count else {
                throw args.error("xs has \(xs.count) elements but ys has \(ys.count)", at: "ys")
            }
            var series: [PlotSeries]
            if args.value("groups") != nil {
                let g = try args.vector("groups")
                guard g.count == xs.count else {
                    throw args.error("groups has \(g.count) elements for \(xs.count) points", at: "groups")
                }
                let keys = Array(Set(g.filter { !$0.isNaN })).sorted()
                series = keys.map { key in
                    let idx = g.indices.filter { g[$0] == key }
                    return PlotSeries(label: "group \(ValueDisplay.number(key))", xs: idx.map { xs[$0] }, ys: idx.map { ys[$0] })
                }
            } else {
                series = [PlotSeries(label: "\(xs.count) points", xs: xs, ys: ys)]
            }
            let names = try seriesLabels(args, count: series.count, of: args.value("groups") == nil ? "series" : "group")
            if let names { for i in series.indices { series[i].label = names[i] } }
            var plot = LinePlot(title: try title(args), series: series,
                                logY: false, connect: false, xLabel: try optionalString(args, "xlabel") ?? "x",
                                yLabel: try optionalString(args, "ylabel") ?? "y")
            plot.named = names != nil
            return try emit(args, wrote: "\(xs.count) points") { _ in plot }
        },
        Builtin("contour", category: .plot, summary: "the landscape of a two-parameter objective, with optimiser paths over it",
                help: """
                    f takes two numbers f(x, y) (or one vector of two; with data=D, f(w, batch) with w a vector
                    of two, as every command taking an objective does); it is compiled once and evaluated
                    on a grid over [x0, x1] × [y0, y1]. In the terminal: one sample per braille dot (2×4 per
                    character, the plot sized to the terminal as plot's; width= and height= set its area in
                    characters), drawn as the level lines of f at its deciles over the picture (grey with
                    colour, darker for lower f; "?" where f is nowhere finite in a character). In an SVG:
                    101×101 samples, as ten filled bands between round levels near the quantiles (the fills
                    follow the contour lines), with the lines and a colour key.
                    paths=[r1, r2] (one result, or a list): optimiser results whose path field (the iterates,
                    kept for problems of up to 16 parameters) is drawn over the landscape: in the terminal in
                    braille dots of the path's colour (without colour, a marker character per path: •, +, *,
                    …), with o where it starts and x where it ends; in the SVG one line per path over a white
                    halo, thinned to what the picture shows (iterates closer than half a pixel to the last one
                    drawn are left out), a dot at up to 48 iterates evenly spaced in steps, a ring at the start
                    and a square at the end; the shortest path is drawn last, so a one-step path stays visible
                    on a long one. A result without a path shows its final x. An n×2 matrix is also a path.
                    Paths are named by their method (a matrix: "path k"); labels=["a", "b"] names them
                    instead, one string per path (label= is the same argument). xlabel="..." and ylabel="..."
                    title the axes (default "x" and "y"; in the terminal a last line names them).
                    In an SVG a path named after a method (gd, sgd, newton, sfn, sfhf, lbfgs, or "gradient
                    descent", "saddle-free Newton", …) has that method's colour, the same as in plot.
                    file="name.svg" writes an SVG instead and prints where; quiet=true prints nothing. Returns nothing.
                    """,
                parameters: [.required("f"), .required("xrange", shown: "[x0, x1]"), .required("yrange", shown: "[y0, y1]"), .named("paths", shown: "[r1, r2]"), .named("file", shown: "..."),
                             .named("title", shown: "..."), .named("label", shown: "..."), .named("labels", shown: "[...]"), .named("xlabel", shown: "..."),
                             .named("ylabel", shown: "...")] + textSize + objectiveOptions) { args in
            let x = try interval(args, "xrange"), y = try interval(args, "yrange")
            let xLabel = try optionalString(args, "xlabel") ?? "x", yLabel = try optionalString(args, "ylabel") ?? "y"
            let f = try landscape(args, x: x, y: y)
            var paths: [PlotPath] = []
            if let p = args.value("paths") { try collectPaths(p, args, into: &paths) }
            if let names = try seriesLabels(args, count: paths.count, of: "path") {
                for i in paths.indices { paths[i].label = names[i] }
            }
            let title = try title(args)
            let wrote = "the landscape" + (paths.isEmpty ? "" : " and \(paths.count) path\(paths.count == 1 ? "" : "s")")
            return try emit(args, wrote: wrote) { forFile in
                // 101×101 samples for the SVG; in the terminal one per braille dot.
                let area = try textStyle(args).area
                let (nx, ny) = forFile ? (101, 101) : (2 * area.columns, 4 * area.rows)
                let values = try ContourData.sample(x: x, y: y, nx: nx, ny: ny, f)
                return ContourData(title: title, x: x, y: y, nx: nx, ny: ny, values: values, paths: paths,
                                   xLabel: xLabel, yLabel: yLabel)
            }
        },
    ] }

    // MARK: Arguments

    /// The series of one argument of `plot`: a result's history, a vector, or a list of those.
    private static func collectSeries(_ v: Value, number k: Int, at location: SourceLocation,
                                      into series: inout [PlotSeries]) throws {
        func fail(_ what: String) -> SFNError {
            SFNError("plot: argument \(k) must be an optimiser result (a record with a history) or a vector, got \(what)",
                     at: location)
        }
        switch v {
        case .record(let r):
            guard let h = r["history"] else { throw fail("a record without a 'history' field") }
            guard case .tensor(let t) = h, t.rank == 1 else {
                throw fail("a record whose history is \(h.kindDescription)")
            }
            let ys = t.scalars
            var label = "series \(series.count + 1)"
            if case .string(let m)? = r["method"] { label = m }
            series.append(PlotSeries(label: label, xs: ys.indices.map(Double.init), ys: ys))
        case .tensor(let t) where t.rank == 1:
            series.append(PlotSeries(label: "series \(series.count + 1)", xs: t.scalars.indices.map(Double.init), ys: t.scalars))
        case .tensor(let t) where t.rank == 2:
            // A matrix: a series per column (as Julia and matplotlib plot a matrix).
            let (rows, cols) = (t.shape[0], t.shape[1])
            for c in 0..<cols {
                series.append(PlotSeries(label: "series \(series.count + 1)", xs: (0..<rows).map(Double.init),
                                         ys: (0..<rows).map { t.scalars[$0 * cols + c] }))
            }
        case .number(let x):
            series.append(PlotSeries(label: "series \(series.count + 1)", xs: [0], ys: [x]))
        case .list(let items):
            if let xs = items.allNumbers {
                series.append(PlotSeries(label: "series \(series.count + 1)", xs: xs.indices.map(Double.init), ys: xs))
            } else {
                for item in items { try collectSeries(item, number: k, at: location, into: &series) }
            }
        case .traced:
            throw SFNError("plot: cannot plot a value that depends on the objective's parameters", at: location)
        default:
            throw fail(v.kindDescription)
        }
    }

    /// plot's xs=: one vector for every series, or a list of vectors (or numbers), one per series;
    /// each as long as its series. Errors are located at the argument.
    private static func applyXs(_ args: Arguments, to series: inout [PlotSeries]) throws {
        guard let v = args.value("xs") else { return }
        var columns: [[Double]]
        switch v {
        case .tensor(let t) where t.rank <= 1:
            columns = Array(repeating: t.scalars, count: series.count)
        case .number(let x):
            columns = Array(repeating: [x], count: series.count)
        case .tensor(let t) where t.rank == 2:
            // [[x1...], [x2...]] of equal lengths is a matrix: a row per series.
            let (r, c) = (t.shape[0], t.shape[1])
            guard r == series.count else {
                throw args.error("'xs' has \(r) rows (one per series) for \(series.count) series", at: "xs")
            }
            columns = (0..<r).map { i in Array(t.scalars[(i * c)..<((i + 1) * c)]) }
        case .list(let items):
            if let xs = items.allNumbers {
                columns = Array(repeating: xs, count: series.count)
            } else {
                columns = []
                for (i, item) in items.enumerated() {
                    var vector: [Double]? = nil
                    switch item {
                    case .number(let x): vector = [x]
                    case .tensor(let t) where t.rank == 1: vector = t.scalars
                    case .list(let inner): vector = inner.allNumbers
                    default: break
                    }
                    guard let xs = vector else {
                        throw args.error("'xs' must hold vectors, but element \(i + 1) is \(item.kindDescription)", at: "xs")
                    }
                    columns.append(xs)
                }
                guard columns.count == series.count else {
                    throw args.error("'xs' has \(columns.count) vectors for \(series.count) series", at: "xs")
                }
            }
        default:
            throw args.error("'xs' must be a vector, or a list of vectors (one per series), got \(v.kindDescription)", at: "xs")
        }
        for i in series.indices {
            guard columns[i].count == series[i].ys.count else {
                throw args.error("'xs' gives \(columns[i].count) x values for series \(i + 1) ('\(series[i].label)'), which has \(series[i].ys.count) points",
                                 at: "xs")
            }
            series[i].xs = columns[i]
        }
    }

    /// Labels made distinct: a second "gd" becomes "gd #2".
    private static func uniqueLabels(_ series: [PlotSeries]) -> [PlotSeries] {
        var seen: [String: Int] = [:]
        return series.map { s in
            var s = s
            let k = (seen[s.label] ?? 0) + 1
            seen[s.label] = k
            if k > 1 { s.label += " #\(k)" }
            return s
        }
    }

    /// The paths of `contour`'s paths=: results (their path, else their final x), n×2 matrices,
    /// or a list of those.
    private static func collectPaths(_ v: Value, _ args: Arguments, into paths: inout [PlotPath]) throws {
        func points(_ t: Tensor, what: String) throws -> [(x: Double, y: Double)] {
            guard t.rank == 2, t.shape[1] == 2 else {
                throw args.error("paths: \(what) is \(Value.from(t).kindDescription); a path over a landscape needs 2 coordinates per point",
                                 at: "paths")
            }
            return (0..<t.shape[0]).map { (t.scalars[2 * $0], t.scalars[2 * $0 + 1]) }
        }
        switch v {
        case .record(let r):
            var label = "path \(paths.count + 1)"
            if case .string(let m)? = r["method"] { label = m }
            if case .tensor(let t)? = r["path"] {
                paths.append(PlotPath(label: label, points: try points(t, what: "the path of \(label)")))
            } else if let x = r["x"]?.doubles {
                guard x.count == 2 else {
                    throw args.error("paths: the result of \(label) has \(x.count) parameters; contour draws runs of 2", at: "paths")
                }
                paths.append(PlotPath(label: label, points: [(x[0], x[1])]))
            } else {
                throw args.error("paths: expected optimiser results (records with a path or x), got a record without them", at: "paths")
            }
        case .tensor(let t):
            paths.append(PlotPath(label: "path \(paths.count + 1)", points: try points(t, what: "a path")))
        case .list(let items):
            for item in items { try collectPaths(item, args, into: &paths) }
        default:
            throw args.error("paths must be optimiser results (one, or a list) or n×2 matrices, got \(v.kindDescription)", at: "paths")
        }
    }

    /// `[lo, hi]` with lo < hi, both finite.
    private static func interval(_ args: Arguments, _ name: String) throws -> ClosedRange<Double> {
        let v = try args.vector(name)
        guard v.count == 2, v[0].isFinite, v[1].isFinite, v[0] < v[1] else {
            let shown = v.count == 2 ? "[\(ValueDisplay.number(v[0])), \(ValueDisplay.number(v[1]))]" : "\(v.count) numbers"
            throw args.error("'\(name)' must be a range [lo, hi] of two finite numbers with lo < hi, got \(shown)", at: name)
        }
        return v[0]...v[1]
    }

    /// f(x, y) as a Swift function: the compiled tape when f compiles as an objective, else calls
    /// through the interpreter. With data=D, f is f(w, batch) with w = [x, y] (LANGUAGE.md §5).
    private static func landscape(_ args: Arguments, x: ClosedRange<Double>, y: ClosedRange<Double>) throws
        -> (Double, Double) throws -> Double {
        let f = try args.function("f")
        let data = args.value("data")
        let k = f.isBuiltin ? 1 : f.parameters.count - (data == nil ? 0 : 1)
        guard k == 1 || k == 2 else {
            let form = data == nil ? "f(x, y) or one vector of two" : "f(w, batch) with w a vector of two"
            throw args.error("f must take two numbers \(form), but \(f.displayName) takes \(f.parameters.count) parameters", at: "f")
        }
        let mid = Value.vector([(x.lowerBound + x.upperBound) / 2, (y.lowerBound + y.upperBound) / 2])
        if !f.isBuiltin {
            let request = ObjectiveRequest(function: f, start: mid, startLocation: args.location(of: "f"),
                                           shapes: args.value("shapes"), shapesLocation: args.location(of: "shapes"),
                                           data: data, at: args.location)
            if data != nil || args.value("shapes") != nil {
                // Asked for as an objective: a failure to compile is the user's to see.
                let p = try args.context.compile(request)
                guard p.dimension == 2 else {
                    throw args.error("f has \(p.dimension) parameters; a landscape needs 2", at: "f")
                }
                return { x, y in p.objective.value(at: [x, y]) }
            }
            if let p = try? args.context.compile(request), p.dimension == 2 {
                return { x, y in p.objective.value(at: [x, y]) }
            }
        }
        let interpreter = args.context, location = args.location
        return { x, y in
            if interpreter.cancellation.isCancelled { throw SFNError("interrupted", at: location) }
            let r = try interpreter.call(.function(f), k == 2 ? [.number(x), .number(y)] : [.vector([x, y])], at: location)
            switch r {
            case .number(let v): return v
            case .tensor(let t) where t.count == 1: return t.scalars[0]
            default:
                throw args.error("f must return a number, got \(r.kindDescription) at (\(ValueDisplay.number(x)), \(ValueDisplay.number(y)))", at: "f")
            }
        }
    }

    private static func title(_ args: Arguments) throws -> String? { try optionalString(args, "title") }

    /// A string argument when given (title=, xlabel=, ylabel=), else nil.
    static func optionalString(_ args: Arguments, _ name: String) throws -> String? {
        args.value(name) == nil ? nil : try args.string(name)
    }

    /// The series names of label= or labels= (one argument under either name, as in Plots.jl, whose
    /// label= takes one name or several): a string for a single series, or a list of strings, one per
    /// series (or contour's paths, `what`) in order. Nil when neither is given; an error located at the argument when both are,
    /// when an element is not a string, or when the count differs from the series drawn.
    private static func seriesLabels(_ args: Arguments, count: Int, of what: String = "series") throws -> [String]? {
        let given = ["label", "labels"].filter { args.value($0) != nil }
        guard let name = given.last, let v = args.value(name) else { return nil }
        guard given.count == 1 else {
            throw args.error("give the series names once, as label= or labels=, not both", at: name)
        }
        var names: [String]
        switch v {
        case .string(let s):
            names = [s]
        case .list(let items):
            names = []
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else {
                    throw args.error("'\(name)' must hold strings, but element \(i + 1) is \(item.kindDescription)", at: name)
                }
                names.append(s)
            }
        default:
            throw args.error("'\(name)' must be a string or a list of strings, one per \(what), got \(v.kindDescription)", at: name)
        }
        guard names.count == count else {
            let things = what == "series" || count == 1 ? what : what + "s"
            throw args.error("'\(name)' has \(names.count) name\(names.count == 1 ? "" : "s") for \(count) \(things)", at: name)
        }
        return names
    }

    /// Draws a plot in the terminal, or writes it to the SVG file named by file= and says what it
    /// wrote ("plot: wrote 2 curves to /abs/path.svg"). `make` builds the plot for the medium
    /// (`true` for the file: a landscape samples more finely there).
    static func emit(_ args: Arguments, wrote what: String, _ make: (_ forFile: Bool) throws -> any PlotKind) throws -> Value {
        // quiet=true (contour, which takes an objective and so its options) prints nothing.
        let quiet = args.builtin.parameters.contains { $0.name == "quiet" } ? try args.bool("quiet") : false
        if let file = try svgFile(args) {
            try write(try make(true).svg(), to: file, args)
            if !quiet { args.context.write("\(args.builtin.name): wrote \(what) to \(shown(file))\n") }
        } else if quiet {
            // nothing to show
        } else if let show = args.context.figureHandler {
            show(try make(true).svg())
        } else {
            args.context.write(try make(false).text(try textStyle(args)))
        }
        return .nothing
    }

    /// width= and height= of the commands that draw braille plots: the plot area in characters.
    private static var textSize: [Builtin.Parameter] { [.named("width", shown: "...", accepts: .whole(10...1000)),
                                                        .named("height", shown: "...", accepts: .whole(3...500))] }

    /// The terminal a text plot is drawn for (``Interpreter/plotTerminal``), with the call's width=
    /// and height= when it has them.
    private static func textStyle(_ args: Arguments) throws -> TextPlotStyle {
        func size(_ name: String) throws -> Int? {
            guard args.builtin.parameters.contains(where: { $0.name == name }), args.value(name) != nil else { return nil }
            return try args.int(name)
        }
        return args.context.plotTerminal.style(width: try size("width"), height: try size("height"))
    }

    /// The SVG file named by file=, or nil for the terminal.
    static func svgFile(_ args: Arguments) throws -> String? {
        guard args.value("file") != nil else { return nil }
        let file = try args.string("file")
        guard file.lowercased().hasSuffix(".svg"), file.count > 4 else {
            throw args.error("file must name an .svg file (plots are written as SVG), got \"\(file)\"", at: "file")
        }
        return file
    }

    /// The path as printed: absolute, so that it says where the file went.
    private static func shown(_ file: String) -> String {
        URL(fileURLWithPath: file).standardizedFileURL.path
    }

    /// Writes text to a file relative to the current directory, replacing it whole or not at all
    /// (FileIO.swift); failures are errors located at the `file` argument: "cannot write 'x': No
    /// such file or directory".
    private static func write(_ text: String, to file: String, _ args: Arguments) throws {
        do { try args.context.replaceFile(file, with: Array(text.utf8)) } catch {
            throw args.error("cannot write '\(file)': \(error)", at: "file")
        }
    }
}
