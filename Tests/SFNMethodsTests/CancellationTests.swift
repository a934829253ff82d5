// Ctrl-C inside the analysis commands and the full-Hessian methods: each stops within a bound of
// the flag being set, deep inside its work (a Hessian's batches, a Lanczos run, SLQ probes,
// finite differences), and returns what it has done, or says it was interrupted.
import Foundation
import Testing
import SFNMethods
import SFNNumerics

@Suite struct CancellationTests {
    /// f = Σ xᵢ² + Σ xᵢ⁴/4 (Hessian diag(2 + 3xᵢ²)) on m parameters, each evaluation and product
    /// slowed down (`value` and `product` seconds), so that a Hessian or a probe takes seconds.
    static func slow(_ m: Int, value: Double = 0, product: Double = 0.0005) -> ClosureObjective {
        ClosureObjective(
            dimension: m,
            // Closures typed in full: inferring these took the type checker 4.5 s.
            value: { (x: [Double]) -> Double in
                if value > 0 { usleep(UInt32(value * 1e6)) }
                return x.reduce(0.0) { (s: Double, t: Double) -> Double in s + t * t + t * t * t * t / 4 }
            },
            gradient: { (x: [Double]) -> [Double] in x.map { (t: Double) -> Double in 2 * t + t * t * t } },
            hvp: { (x: [Double], v: [Double]) -> [Double] in
                usleep(UInt32(product * 1e6))
                return (0..<m).map { (i: Int) -> Double in (2 + 3 * x[i] * x[i]) * v[i] }
            })
    }

    /// Runs `body` with a flag set from another thread `delay` seconds in; returns its result and
    /// the seconds from the flag being set to `body` returning.
    static func cancelled<T>(after delay: Double = 0.2, _ body: (Cancellation) throws -> T) rethrows -> (T, latency: Double) {
        let stop = Cancellation()
        let setAt = TimeBox()
        let thread = Thread {
            usleep(UInt32(delay * 1e6))
            setAt.set(Date())
            stop.cancel()
        }
        thread.start()
        let result = try body(stop)
        let end = Date()
        let latency = end.timeIntervalSince(setAt.get() ?? end)
        return (result, latency)
    }

    /// When the flag was set (written by one thread, read by another after it).
    final class TimeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var date: Date?
        func set(_ d: Date) { lock.lock(); date = d; lock.unlock() }
        func get() -> Date? { lock.lock(); defer { lock.unlock() }; return date }
    }

    static let bound = 0.5
    static let x = (0..<2000).map { sin(Double($0)) }  // distinct curvatures: no early breakdown

    @Test func classifyStopsInsideTheHessian() {
        let (e, latency) = Self.cancelled { stop in
            #expect(throws: AnalysisError.interrupted) { try Methods.classify(Self.slow(2000), at: Self.x, cancellation: stop) }
        }
        _ = e
        #expect(latency < Self.bound)
    }

    @Test func fullSpectrumStops() {
        let (_, latency) = Self.cancelled { stop in
            #expect(throws: AnalysisError.interrupted) { try Methods.spectrum(Self.slow(2000), at: Self.x, cancellation: stop) }
        }
        #expect(latency < Self.bound)
    }

    /// 1500 Lanczos steps (seconds) stopped part way: the Ritz values of the steps taken.
    @Test func lanczosReturnsTheStepsTaken() throws {
        let (l, latency) = try Self.cancelled { stop in
            try Methods.lanczosSpectrum(Self.slow(2000), at: Self.x, k: 1500, cancellation: stop)
        }
        #expect(latency < Self.bound)
        #expect(l.interrupted)
        #expect(l.ritz.count > 0 && l.ritz.count < 1500 && l.hvps == l.ritz.count)
        // inner bounds on the spectrum [2, 5]
        #expect(l.ritz.allSatisfy { $0 > 2 - 1e-9 && $0 < 5 + 1e-9 })
    }

    /// 1000 probes of 20 products (10 s) stopped part way: the density of the probes done.
    @Test func densityReturnsTheProbesDone() throws {
        let (d, latency) = try Self.cancelled { stop in
            try Methods.spectralDensity(Self.slow(2000), at: Self.x, k: 20, probes: 1000, cancellation: stop)
        }
        #expect(latency < Self.bound)
        #expect(d.interrupted)
        #expect(d.probes >= 1 && d.probes < 1000)
        let total: Double = d.weights.reduce(0, +)
        #expect(abs(total - 1) < 1e-12)  // still a distribution
        #expect(d.density.allSatisfy { $0.isFinite })
    }

    @Test func densityCancelledBeforeAnyProductThrows() {
        let stop = Cancellation()
        stop.cancel()
        #expect(throws: AnalysisError.interrupted) { try Methods.spectralDensity(Self.slow(20), at: Array(Self.x.prefix(20)), cancellation: stop) }
    }

    /// The finite differences of the gradient (4m slow evaluations) stopped part way.
    @Test func checkReturnsWhatItChecked() {
        let (c, latency) = Self.cancelled { stop in
            Methods.check(Self.slow(2000, value: 0.0002), at: Self.x, cancellation: stop)
        }
        #expect(latency < Self.bound)
        #expect(c.interrupted && !c.ok && c.gradErr.isNaN && c.hessianErr.isNaN)
    }

    /// Interrupted inside its first Hessian: the starting point with NaN eigenvalues.
    @Test func criticalStopsInsideAStep() {
        let (r, latency) = Self.cancelled { stop in
            Methods.critical(Self.slow(2000), x0: Self.x, options: RunOptions(steps: 50, cancellation: stop))
        }
        #expect(latency < Self.bound)
        #expect(r.run.reason == .interrupted && !r.converged && r.steps == 0)
        #expect(r.classification.x == Self.x && r.classification.eigenvalues.allSatisfy { $0.isNaN })
    }

    @Test(arguments: ["sfn", "newton"]) func fullHessianMethodsStopInsideAStep(method: String) {
        let (r, latency) = Self.cancelled { stop in
            let options = RunOptions(steps: 50, cancellation: stop)
            return method == "sfn" ? Methods.sfn(Self.slow(2000), x0: Self.x, options: options)
                : Methods.newton(Self.slow(2000), x0: Self.x, damping: .auto, options: options)
        }
        #expect(latency < Self.bound)
        #expect(r.reason == .interrupted && r.steps == 0 && r.x == Self.x)
    }

    /// The eigendecomposition of a step, abandoned: a cheap Hessian of order 1500 whose dsyevd
    /// takes over a second.
    @Test func sfnStopsInsideTheEigendecomposition() {
        let (r, latency) = Self.cancelled(after: 0.3) { stop in
            Methods.sfn(Self.slow(1500, product: 0), x0: Array(Self.x.prefix(1500)), options: RunOptions(steps: 50, cancellation: stop))
        }
        #expect(latency < Self.bound)
        #expect(r.reason == .interrupted && r.steps == 0)
    }
}
