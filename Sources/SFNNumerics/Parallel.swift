// Work split across threads: the one place sfn runs parts of a computation at once.
import CLinAlg
import Dispatch

/// Runs the parts of a split computation on threads of their own.
public enum Parallel {
    /// Runs `body(p)` for every p in 0..<parts at once (the calling thread runs one of them) and
    /// returns when all have finished. The parts must write disjoint memory.
    ///
    /// With `singleThreadedBLAS`, the BLAS and LAPACK calls the parts make run on one thread each,
    /// concurrently, instead of taking turns at the process's thread count: the split already
    /// uses the cores. A threaded call from another thread waits until they are done (clinalg.c).
    public static func forEachPart(_ parts: Int, singleThreadedBLAS: Bool = false, _ body: (Int) -> Void) {
        guard parts > 1 else {
            if parts == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = Work(run: body)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                if singleThreadedBLAS { la_set_single_threaded_here(1) }
                work.run(p)
                if singleThreadedBLAS { la_set_single_threaded_here(0) }
            }
        }
    }
}

/// The parts' closure, handed to the other threads: the parts write disjoint memory.
private struct Work: @unchecked Sendable {
    let run: (Int) -> Void
}
