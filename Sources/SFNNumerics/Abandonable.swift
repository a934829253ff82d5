// Long LAPACK calls a caller can walk away from. LAPACK cannot be stopped part way, so a large
// decomposition or solve runs on a thread of its own while the caller waits and polls for
// cancellation (Ctrl-C); on cancellation the caller returns at once and the thread finishes alone.
import Dispatch
import Foundation

/// Runs work that cannot be stopped part way where its caller can abandon it.
///
/// An abandoned call runs to its end on its thread (using a core, and with `SFN_THREADS` > 1
/// holding the BLAS lock, so the next threaded BLAS call waits for it), then frees what it holds.
/// It must own everything it touches: it gets its inputs by value (arrays and tensors are copied
/// on write, so the caller's later changes never reach it) and its result is dropped.
public enum Abandonable {
    /// The order n from which a dense decomposition or solve (O(n³)) runs on a thread of its own:
    /// below it the call takes at most a few milliseconds (dsyevd with vectors at n = 256: about
    /// 15 ms on the project's machine; starting a thread costs about 50 µs).
    public static let order = 256

    /// How often the waiting caller polls `isCancelled`.
    static let poll = DispatchTimeInterval.milliseconds(5)

    /// `work()`, or nil when `isCancelled()` turns true before it is done. With `inline` (a small
    /// problem, done in milliseconds) the work runs on the calling thread and always finishes (the
    /// caller's next poll sees the cancellation); otherwise on a thread of its own, the caller
    /// polling `isCancelled` every few milliseconds and returning nil as soon as it is true.
    public static func run<T>(inline: Bool = false, isCancelled: () -> Bool,
                              _ work: @escaping @Sendable () throws -> T) throws -> T? {
        if inline { return try work() }
        if isCancelled() { return nil }
        let box = Outcome<T>()
        let thread = Thread { box.finish(Result { try work() }) }
        thread.stackSize = 8 << 20  // LAPACK's own frames; its workspace is on the heap
        thread.start()
        while box.done.wait(timeout: .now() + poll) == .timedOut {
            if isCancelled() { return nil }  // the thread keeps `box` (and `work`) alive until it ends
        }
        return try box.result!.get()
    }
}

/// The worker's result, handed over through a semaphore: written once before `done` is signalled
/// and read only after waiting on it.
private final class Outcome<T>: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var result: Result<T, Error>?

    func finish(_ r: Result<T, Error>) {
        result = r
        done.signal()
    }
}
