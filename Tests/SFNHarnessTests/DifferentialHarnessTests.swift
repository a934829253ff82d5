// The differential harness (issue 16): random objectives through every execution path of the
// tape, against each other and against central differences of a separate evaluator. CI runs a
// fixed seed and budget; scripts/harness-campaign.sh runs a long campaign (HARNESS_PROGRAMS).
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNTape

/// What a campaign saw.
struct HarnessTally: CustomStringConvertible {
    var programs = 0, agreed = 0, skipped = 0, fused = 0, largeGroups = 0, splitHessians = 0
    var skipReasons: [String: Int] = [:]
    var failures: [(kind: String, original: String, shrunk: String, detail: String)] = []
    var seconds = 0.0, checkSeconds = 0.0
    /// Disagreements by kind; only the first few of a kind are shrunk and printed.
    var kinds: [String: Int] = [:]
    static let shrunkPerKind = 3

    mutating func record(_ p: HarnessProgram, seed: UInt64, kind: String, detail: String) {
        kinds[kind, default: 0] += 1
        if kinds[kind]! <= Self.shrunkPerKind { failures.append(HarnessCampaign.report(p, seed: seed, kind: kind, detail: detail)) }
    }
    var disagreements: Int { kinds.values.reduce(0, +) }

    var description: String {
        var lines = ["harness: \(programs) programs in \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", checkSeconds)) s checking, the rest drawing and shrinking): \(agreed) agreed on every path and with the reference, "
                     + "\(disagreements) disagreed, \(skipped) skipped (reference unreliable); "
                     + "\(fused) with fused groups, \(largeGroups) with fused groups of ≥ 2^18 elements on 2 threads, \(splitHessians) with split Hessian batches"]
        for (r, n) in skipReasons.sorted(by: { $0.value > $1.value }) { lines.append("  skipped \(n): \(r)") }
        for (k, n) in kinds.sorted(by: { $0.value > $1.value }) { lines.append("  disagreed \(n): \(k)") }
        for f in failures {
            lines.append("DISAGREEMENT (\(f.kind)): \(f.detail)\n--- shrunk program (θ = the parameters' values in the comment):\n\(f.shrunk)--- original:\n\(f.original)")
        }
        return lines.joined(separator: "\n")
    }
}

enum HarnessCampaign {
    /// Program i of a campaign: every `largeEvery`-th is drawn past the threading thresholds.
    static func run(seed: UInt64, programs: Int, largeEvery: Int, log: Bool = false) -> HarnessTally {
        var tally = HarnessTally()
        let start = Date()
        for i in 0..<programs {
            let s = seed &* 0x1_0000_0001 &+ UInt64(i)
            let large = largeEvery > 0 && i % largeEvery == largeEvery / 2
            let p = HarnessGenerator.program(seed: s, large: large)
            let t0 = Date()
            let (outcome, result) = HarnessCheck.check(p, seed: s)
            tally.checkSeconds += Date().timeIntervalSince(t0)
            if log, Date().timeIntervalSince(t0) > 0.5 { print("harness: program \(i) took \(Date().timeIntervalSince(t0)) s (large: \(large))") }
            tally.programs += 1
            if result?.largeGroup == true { tally.largeGroups += 1 }
            if result?.fused == true { tally.fused += 1 }
            if result?.split == true { tally.splitHessians += 1 }
            switch outcome {
            case .agreed: tally.agreed += 1
            case .skipped(let why): tally.skipped += 1; tally.skipReasons[why, default: 0] += 1
            case .disagreed(let kind, let detail): tally.record(p, seed: s, kind: kind, detail: detail)
            case .error(let e): tally.record(p, seed: s, kind: "error", detail: e)
            }
            if log && (i + 1) % 1000 == 0 {
                print("harness: \(i + 1) programs, \(tally.disagreements) disagreements, \(Int(Date().timeIntervalSince(start))) s")
            }
        }
        tally.seconds = Date().timeIntervalSince(start)
        return tally
    }

    /// The failing program, shrunk while it disagrees the same way.
    static func report(_ p: HarnessProgram, seed: UInt64, kind: String, detail: String)
        -> (kind: String, original: String, shrunk: String, detail: String) {
        let small = HarnessShrink.shrink(p) { q in
            guard q.isSmooth else { return false }
            switch HarnessCheck.check(q, seed: seed).0 {
            case .disagreed(let k, _): return k == kind
            case .error(let e): return kind == "error" && e.count > 0
            default: return false
            }
        }
        var smallDetail = detail
        if case .disagreed(_, let d) = HarnessCheck.check(small, seed: seed).0 { smallDetail = d }
        func text(_ q: HarnessProgram) -> String { q.source + "# θ = \(q.theta), shapes = \(q.shapes)\n" }
        return (kind, text(p), text(small), smallDetail)
    }
}

@Suite(.serialized) struct DifferentialHarnessTests {
    /// CI: a fixed seed and budget (2,000 programs, two of them past the threading thresholds).
    @Test func fixedSeedCampaign() {
        let tally = HarnessCampaign.run(seed: 16, programs: 2000, largeEvery: 1000)
        print(tally)
        #expect(tally.disagreements == 0, "\(tally)")
        #expect(tally.largeGroups >= 1 && tally.splitHessians >= 1, "the threaded paths did not run")
        #expect(tally.skipped * 20 < tally.programs, "too many programs skipped: \(tally.skipped)")
    }

    /// The long campaign: HARNESS_PROGRAMS programs from HARNESS_SEED (scripts/harness-campaign.sh).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HARNESS_PROGRAMS"] != nil))
    func longCampaign() {
        let env = ProcessInfo.processInfo.environment
        let programs = Int(env["HARNESS_PROGRAMS"] ?? "") ?? 100_000
        let seed = UInt64(env["HARNESS_SEED"] ?? "") ?? 1
        let tally = HarnessCampaign.run(seed: seed, programs: programs, largeEvery: 1000, log: true)
        print(tally)
        print("harness: generator misdraws (drawn again): \(HarnessMisdraws.count.withLock { $0 })")
        #expect(tally.disagreements == 0)
    }

    /// The reference knows every function of the language's table.
    @Test func everyUnaryFunctionHasAReference() {
        for f in UnaryTable.all { #expect(PlainMath.unary[f.name] != nil, "no reference for \(f.name)") }
    }

    /// Issue 16's fusion case: a row parameter broadcast against a computed matrix, then exp.
    @Test func broadcastParameterInFusedGroup() {
        let p = HarnessProgram(paramShapes: [[2, 3], [3]], paramValues: [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0.1, 0.2, 0.3]],
                               constants: [],
                               body: .reduce("sum", .unary("exp", .binary("+", .binary("*", .number(2), .param(0)), .param(1))), axis: nil))
        #expect(p.source == "f(x1, x2) = sum(exp(((2.0 * x1) + x2)))\n")
        let (outcome, _) = HarnessCheck.check(p, seed: 1)
        #expect(!outcome.failed, "\(outcome)")
    }

    /// Issue 16's prod case: the derivative through an exact zero.
    @Test func prodThroughZero() {
        let p = HarnessProgram(paramShapes: [[3]], paramValues: [[0, 3, 2]], constants: [], body: .reduce("prod", .param(0), axis: nil))
        let (outcome, _) = HarnessCheck.check(p, seed: 1)
        #expect(!outcome.failed, "\(outcome)")
    }

    /// Found by the campaign: a [1, 2] and a [2] parameter broadcast to one shape made two
    /// adjoints of the same primitive and argument with different shapes, which the graph shared
    /// (its key for sharing had no result shape), so the gradient did not compile.
    @Test func broadcastAdjointsOfTwoShapes() {
        let c = PlainTensor([4, 2], [0.52, -0.10, 1.09, -1.27, 0.99, -0.84, 0.44, -1.31])
        let p = HarnessProgram(paramShapes: [[1, 2], [2]], paramValues: [[0, 0.05], [-0.79, -0.19]],
                               constants: [.init(value: c, formula: false)],
                               body: .reduce("logsumexp", .binary("-", .param(0), .binary("-", .const(0), .param(1))), axis: nil))
        let (outcome, _) = HarnessCheck.check(p, seed: 1)
        #expect(!outcome.failed, "\(outcome)")
    }

    /// The shrinker keeps what the predicate needs and drops the rest.
    @Test func shrinkingKeepsTheFailingPart() {
        var p = HarnessGenerator.program(seed: 7, large: false)
        p.body = .reduce("sum", .binary("+", .unary("exp", .binary("*", .param(0), .number(2))), .unary("sin", .param(0))), axis: nil)
        let small = HarnessShrink.shrink(p) { $0.source.contains("exp(") }
        #expect(small.body.size <= 3, "\(small.source)")
        #expect(small.source.contains("exp("))
    }
}

@Suite struct HarnessSwitchTests {
    /// The inline scalar path's switch does reach the kernel path (a scalar objective runs every
    /// instruction inline by default, none with the switch off), and the copy keeps the graph.
    @Test func inlineSwitchReachesTheKernelPath() throws {
        let p = HarnessProgram(paramShapes: [[], []], paramValues: [[0.5], [2]], constants: [],
                               body: .binary("*", .unary("sin", .param(0)), .binary("^", .param(1), .number(2.5))))
        let o = try HarnessCheck.compile(p)
        let slow = o.recompiled(fuse: true, inlineScalars: false)
        #expect(o.debugDescription.contains("inline"))
        #expect(!slow.debugDescription.contains("inline"))
        #expect(o.instructionCounts == slow.instructionCounts)
        #expect(o.valueAndGradient(at: [0.5, 2]).gradient == slow.valueAndGradient(at: [0.5, 2]).gradient)
    }
}
