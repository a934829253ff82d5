// A Hessian asks whether to stop between its batches of products (Ctrl-C on a large Hessian).
import Testing
import SFNNumerics
@testable import SFNTape

@Suite struct HessianCancellationTests {
    /// The 3-5-2 network of the split tests (m = 32), made to take passes of 4 directions.
    static func objective(split: Bool) throws -> (CompiledObjective, [Double]) {
        let (f, theta) = try SplitBatchTests.objective(split: split)
        f.hessianBudget = 4 * f.gradientTape.tangentTotal
        return (f, theta)
    }

    /// Asked once before each pass (8 passes of 4, one thread; 4 passes of 2 × 4, two threads), and
    /// the answer is the plain Hessian's when nothing stops it.
    @Test(arguments: [false, true]) func pollsBetweenBatches(split: Bool) throws {
        let (f, theta) = try Self.objective(split: split)
        var polls = 0
        let h = try #require(f.hessian(at: theta, isCancelled: { polls += 1; return false }))
        #expect(polls == (split ? 4 : 8))
        #expect(h == f.hessian(at: theta))
    }

    /// Stopped at the third poll: nil after two passes, and the objective still gives the same
    /// Hessian afterwards (its seeds are reset per pass).
    @Test(arguments: [false, true]) func stopsAtTheNextBatch(split: Bool) throws {
        let (f, theta) = try Self.objective(split: split)
        let full = f.hessian(at: theta)
        var polls = 0
        #expect(f.hessian(at: theta, isCancelled: { polls += 1; return polls == 3 }) == nil)
        #expect(polls == 3)
        #expect(f.hessian(at: theta) == full)
    }
}
