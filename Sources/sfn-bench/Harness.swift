// Timing and reporting for sfn-bench: medians of repeated calls, and child-process probes.
@preconcurrency import Foundation

/// Wall-clock medians: runs a closure in batches of `inner` calls until `minTime` seconds and
/// `minRuns` batches have passed (after one untimed warm-up), and returns the median per call.
/// With `fixedRuns`, exactly that many batches run whatever the time (`--runs N`: the same work on
/// every run, for instruction counts under callgrind).
struct Timer {
    var fixedRuns: Int? = nil

    func median(minTime: Double, minRuns: Int = 5, inner: Int = 1, _ body: () -> Void) -> Double {
        body()
        var samples: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        if let n = fixedRuns {
            for _ in 0..<n {
                let t0 = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<inner { body() }
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 / Double(inner))
            }
            samples.sort()
            return samples.isEmpty ? 0 : samples[samples.count / 2]
        }
        while samples.count < minRuns || Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 < minTime {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<inner { body() }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 / Double(inner))
            if samples.count >= 1000 { break }
        }
        samples.sort()
        let n = samples.count
        return n % 2 == 1 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2])
    }
}

/// Collects and prints results as a table or as JSON lines.
struct Report {
    let json: Bool
    var rows: [(String, String, Double, Double)] = []

    init(json: Bool) {
        self.json = json
        if !json { print(pad("problem", 8) + pad("op", 18) + pad("median", 14) + "checksum") }
    }

    /// One result; `value` is the checksum bench/peers.py also reports (f for value_grad, with the
    /// gradient's sum in `grad_sum`; the sum of the output otherwise; the eigenvalues' sum for eigh).
    mutating func add(_ problem: String, _ op: String, _ seconds: Double, value: Double, extra: [String: Double] = [:]) {
        rows.append((problem, op, seconds, value))
        if json {
            let more = extra.sorted { $0.key < $1.key }.map { ", \"\($0.key)\": \($0.value)" }.joined()
            print("{\"peer\": \"sfn\", \"problem\": \"\(problem)\", \"op\": \"\(op)\", \"median_s\": \(seconds), \"value\": \(value)\(more)}")
        } else {
            print(pad(problem, 8) + pad(op, 18) + pad(format(seconds), 14) + String(format: "%.10g", value))
        }
    }

    /// Runs a probe in a child process and reports its time, Hessian-vector products and peak
    /// resident memory (the child's alone: the parent's buffers do not count).
    mutating func probe(_ problem: String, _ op: String, _ probe: String, threads: Int?) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = ["--probe", probe] + (threads.map { ["--threads", "\($0)"] } ?? [])
        let pipe = Pipe()
        p.standardOutput = pipe
        do { try p.run() } catch { return }
        p.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let fields = out.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count == 4 else { return }
        let (rss, seconds, hvps, checksum) = (fields[0], fields[1], fields[2], fields[3])
        if json {
            if op == "hvp" {
                // The timed median is reported by the main run; the child adds only its memory.
                print("{\"peer\": \"sfn\", \"problem\": \"\(problem)\", \"op\": \"hvp_peak_rss_mb\", \"value\": \(rss)}")
            } else {
                print("{\"peer\": \"sfn\", \"problem\": \"\(problem)\", \"op\": \"\(op)\", \"median_s\": \(seconds), \"value\": \(checksum), \"hvps\": \(hvps), \"peak_rss_mb\": \(rss)}")
            }
        } else {
            print(pad(problem, 8) + pad(op, 18) + pad(format(seconds), 14)
                  + String(format: "%.10g  (%.0f hvps, peak RSS %.0f MB, one run in its own process)", checksum, hvps, rss))
        }
    }

    func finish() {}

    func format(_ s: Double) -> String {
        if s < 1e-6 { return String(format: "%.1f ns", s * 1e9) }
        if s < 1e-3 { return String(format: "%.2f µs", s * 1e6) }
        if s < 1 { return String(format: "%.2f ms", s * 1e3) }
        return String(format: "%.3f s", s)
    }
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
}
