// sfn-bench: times the engine on the problems that bench/peers.py times in JAX and PyTorch.
//
//   swift run -c release sfn-bench [--json] [--threads N] [--problems toy,rosen,mlp,wide]
//
// Prints a table of medians, or with --json one line per (problem, op):
//   {"peer": "sfn", "problem": P, "op": O, "median_s": T, "value": checksum}
// The wide MLP's Hessian-vector product is also run in a child process of its own, whose peak
// resident memory is reported as op "hvp_peak_rss_mb".
import Foundation
import SFNMethods
import SFNNumerics
import SFNTape

struct Options {
    var json = false
    /// BLAS threads; nil: sfn's default (see BLAS.threads).
    var threads: Int? = nil
    var problems: Set<String> = ["toy", "rosen", "mlp", "wide"]
    /// In a child process: run one probe (see `Probe`) and print its measurements.
    var probe: String? = nil
    /// Only these ops (e.g. "value_grad,hvp"); empty means all.
    var ops: Set<String> = []
    /// Exactly this many timed batches per op (for instruction counts), instead of a time budget.
    var runs: Int? = nil
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    while let a = args.popFirst() {
        switch a {
        case "--json": o.json = true
        case "--threads": o.threads = Int(args.popFirst() ?? "")
        case "--problems": o.problems = Set((args.popFirst() ?? "").split(separator: ",").map(String.init))
        case "--probe": o.probe = args.popFirst()
        case "--ops": o.ops = Set((args.popFirst() ?? "").split(separator: ",").map(String.init))
        case "--runs": o.runs = Int(args.popFirst() ?? "")
        case "--help", "-h":
            print("usage: sfn-bench [--json] [--threads N] [--runs N] [--problems toy,rosen,mlp,wide,steps,directions] [--ops grad,hvp,...]")
            exit(0)
        default:
            FileHandle.standardError.write("sfn-bench: unknown option \(a)\n".data(using: .utf8)!)
            exit(2)
        }
    }
    return o
}

/// Peak resident memory of this process in MB: VmHWM from /proc (getrusage's maxrss can report a
/// parent's peak in a spawned child), else getrusage.
func peakRSS() -> Double {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
       let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
       let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
        return kb / 1024
    }
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

let options = parseOptions()
func want(_ op: String) -> Bool { options.ops.isEmpty || options.ops.contains(op) }
if let n = options.threads { BLAS.threads = n } else { BLAS.useDefaultThreads() }

if let name = options.probe {
    // Child process: one measured run, then its peak memory (see Probe.swift).
    let m = try Probe.run(name)
    print(peakRSS(), m.seconds, m.hvps, m.checksum)
    exit(0)
}

nonisolated(unsafe) var report = Report(json: options.json)
let timer = Timer(fixedRuns: options.runs)

if options.problems.contains("toy") {
    let (f, x) = try Problems.toy()
    if !options.json { print("toy: \(f.instructionCounts) instructions (value tape, gradient tape)") }
    var g = [Double](repeating: 0, count: 2)
    if want("grad") { report.add("toy", "grad", timer.median(minTime: 0.5, inner: 1000) {
        f.invalidate()  // every timed call evaluates (the tape would otherwise reuse the last point)
        _ = g.withUnsafeMutableBufferPointer { f.valueAndGradient(at: x, into: $0.baseAddress!) }
    }, value: g.reduce(0, +)) }
    var h = Tensor.zeros([2, 2])
    if want("hessian") { report.add("toy", "hessian", timer.median(minTime: 0.5, inner: 1000) {
        f.invalidate()
        h = f.hessian(at: x)
    }, value: h.scalars.reduce(0, +)) }
}

/// How long to time one op: at least `minTime` seconds and `minRuns` batches of `inner` calls.
struct Budget { var minTime: Double; var minRuns = 5; var inner = 1 }

/// value_grad and hvp of one objective, each call at a fresh point (as the peers do: the tape
/// would otherwise reuse the last forward and backward pass).
func timeValueGradAndHVP(_ problem: String, _ f: CompiledObjective, _ x: [Double], _ budget: Budget) {
    if want("value_grad") {
        var g = [Double](repeating: 0, count: f.dimension)
        var fx = 0.0
        let t = timer.median(minTime: budget.minTime, minRuns: budget.minRuns, inner: budget.inner) {
            f.invalidate()
            fx = g.withUnsafeMutableBufferPointer { f.valueAndGradient(at: x, into: $0.baseAddress!) }
        }
        report.add(problem, "value_grad", t, value: fx, extra: ["grad_sum": g.reduce(0, +)])
    }
    if want("hvp") {
        let v = Problems.direction(f.dimension)
        var hv: [Double] = []
        let t = timer.median(minTime: budget.minTime, minRuns: budget.minRuns, inner: budget.inner) {
            f.invalidate()
            hv = f.hessianVectorProduct(at: x, v)
        }
        report.add(problem, "hvp", t, value: hv.reduce(0, +))
    }
}

if options.problems.contains("rosen") {
    let (f, x) = try Problems.rosenbrock()
    timeValueGradAndHVP("rosen", f, x, Budget(minTime: 1, inner: 10))
}

if options.problems.contains("mlp") || options.problems.contains("wide") {
    let data = try Problems.digits()
    if options.problems.contains("mlp") {
        let (f, x) = try Problems.mlp([64, 32, 10], data: data, scaled: false)
        timeValueGradAndHVP("mlp", f, x, Budget(minTime: 1))
        if want("hessian") || want("eigh") {
            var h = f.hessian(at: x)  // eigh decomposes this Hessian even when only eigh is asked for
            if want("hessian") {
                report.add("mlp", "hessian", timer.median(minTime: 3, minRuns: 3) {
                    f.invalidate()
                    h = f.hessian(at: x)
                }, value: h.scalars.reduce(0, +))
            }
            if want("eigh") {
                var values: [Double] = []
                report.add("mlp", "eigh", timer.median(minTime: 3, minRuns: 3) {
                    values = (try? SymmetricEigen(h, vectors: true).values) ?? []
                }, value: values.reduce(0, +), extra: ["eig_min": values.first ?? .nan, "eig_max": values.last ?? .nan])
            }
        }
    }
    if options.problems.contains("wide") {
        let (f, x) = try Problems.mlp([64, 1000, 1000, 10], data: data, scaled: true)
        timeValueGradAndHVP("wide", f, x, Budget(minTime: 3, minRuns: 3))
        if want("hvp") { report.probe("wide", "hvp", "wide-hvp", threads: options.threads) }
    }
}

// The SFHF direction's accuracy and cost by route (--ops lanczos,ode picks routes).
if options.problems.contains("directions") {
    try Directions.run(data: try Problems.digits(), ops: options.ops)
}

// One SFHF direction on the wide MLP at λ = 1e-4, 1e-3, 1e-2 times max θ² (--ops direction_1e-3, …),
// each in its own process for its peak memory; the checksum column is the Lanczos steps.
if options.problems.contains("wide_directions") {
    for relative in ["1e-4", "1e-3", "1e-2"] where want("direction_\(relative)") {
        report.probe("wide", "direction_\(relative)", "wide-direction-\(relative)", threads: options.threads)
    }
}

// One step of each scalable method, each in a child process so that its peak memory is its own.
if options.problems.contains("steps") {
    let steps = [("mlp", "krylov"), ("mlp", "sfhf"), ("mlp", "sfhf_ode"), ("wide", "krylov"), ("wide", "sfhf"), ("wide", "sfhf_ode")]
    for (problem, method) in steps where want("\(method)_step") {
        report.probe(problem, "\(method)_step", "\(problem)-\(method)", threads: options.threads)
    }
}
report.finish()
